import { describe, expect, it } from "vitest";
import * as Actor from "../actor";
import { RateLimitedError, UnauthorizedError, ValidationError } from "../error";
import * as Auth from ".";
import { magicLinks, sessions } from "./entities";
import * as MagicLink from "./magic-link";
import { sha256 } from "./secret";
import * as Session from "./session";
import { mailsTo, PASSWORD, unique } from "./testing";

const VERIFY = "https://bourse.test/api/auth/magic-link/verify";

function tokenOf(mail: { text: string }): string {
  const link = /https:\/\/bourse\.test\/api\/auth\/magic-link\/verify\?token=([\w-]+)/.exec(mail.text);
  if (!link?.[1]) throw new Error(`no link in ${mail.text}`);
  return link[1];
}

/** A member (signed up now) and the link mailed to them at `sent` (just after the sign-up). */
async function memberWithLink() {
  const u = unique("magic");
  const signup = await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
  const sent = new Date();
  await MagicLink.request({ email: u.email.toUpperCase(), verifyUrl: `${VERIFY}/` }, { ip: u.ip, now: sent });
  const mails = await mailsTo(u.email);
  expect(mails).toHaveLength(1);
  return { ...u, signup, sent, userID: signup.user.id, mail: mails[0]!, token: tokenOf(mails[0]!) };
}

async function invalidLink(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  expect(error).toMatchObject({ code: "invalid_link" });
}

describe("MagicLink", () => {
  it("mails a link that signs the member in, once", async () => {
    const m = await memberWithLink();
    expect(m.mail.subject).toMatch(/sign-in link/i);
    const tokens = await MagicLink.consume(m.token, { ip: m.ip, userAgent: "Mail app" });
    expect(tokens.user.id).toBe(m.userID);
    expect((await Session.authenticate(tokens.accessToken)).properties.userID).toBe(m.userID);
    await invalidLink(MagicLink.consume(m.token, { ip: m.ip }));
  });

  it("stores only the token's hash, with a TTL 15 minutes out", async () => {
    const m = await memberWithLink();
    const now = m.sent;
    expect((await magicLinks.get({ tokenHash: m.token }).go()).data).toBeNull();
    const stored = (await magicLinks.get({ tokenHash: sha256(m.token) }).go()).data;
    expect(stored).toMatchObject({ userID: m.userID, expiresAt: Math.floor(now.getTime() / 1000) + 900 });
  });

  it("expires after 15 minutes", async () => {
    const late = await memberWithLink();
    await invalidLink(
      MagicLink.consume(late.token, { ip: late.ip, now: new Date(late.sent.getTime() + 15 * 60_000 + 1000) }),
    );
    const onTime = await memberWithLink();
    const tokens = await MagicLink.consume(onTime.token, {
      ip: onTime.ip,
      now: new Date(onTime.sent.getTime() + 14 * 60_000),
    });
    expect(tokens.user.id).toBe(onTime.userID);
  });

  it("lets only one of concurrent uses win", async () => {
    const m = await memberWithLink();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => MagicLink.consume(m.token, { ip: m.ip })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "invalid_link" });
  });

  it("records the session as opened by magic link", async () => {
    const m = await memberWithLink();
    const tokens = await MagicLink.consume(m.token, { ip: m.ip });
    expect((await Session.getItem(tokens.sessionID))?.method).toBe("magic-link");
  });

  it("no longer signs in after a password change (links mailed before it are void)", async () => {
    const m = await memberWithLink();
    const actor = await Session.authenticate(m.signup.accessToken);
    await Actor.provide(actor, () => Auth.changePassword({ current: PASSWORD, next: "a brand new secret" }));
    await invalidLink(MagicLink.consume(m.token, { ip: m.ip }));
  });

  it("voids a sign-in that races a password change: the session dates from the link", async () => {
    const m = await memberWithLink();
    const at = (minutes: number) => new Date(m.sent.getTime() + minutes * 60_000);
    // The race, on the injected clock: the link is used (minute 10) while a change that began at minute 5
    // has not committed yet; the change then commits.
    const tokens = await MagicLink.consume(m.token, { ip: m.ip, now: at(10) });
    const actor = await Session.authenticate(m.signup.accessToken);
    await Actor.provide(actor, () =>
      Auth.changePassword({ current: PASSWORD, next: "a brand new secret" }, { now: at(5) }),
    );
    // Even if the change's revocation of other sessions missed it (the index lags), the session fails: it
    // counts as verified when the link was made, before the change.
    await sessions.patch({ sessionID: tokens.sessionID }).remove(["revokedAt"]).go();
    await expect(Session.authenticate(tokens.accessToken, at(11))).rejects.toMatchObject({
      code: "invalid_token",
    });
  });

  it("ends the guest session of the browser that opens the link, as log-in does", async () => {
    const m = await memberWithLink();
    const guest = await Auth.anonymous({ ip: m.ip });
    const asGuest = await Session.authenticate(guest.accessToken);
    const tokens = await Actor.provide(asGuest, () => MagicLink.consume(m.token, { ip: m.ip }));
    expect(tokens.user.id).toBe(m.userID);
    await expect(Session.authenticate(guest.accessToken)).rejects.toMatchObject({ code: "invalid_token" });
    await expect(Session.refresh(guest.refreshToken)).rejects.toMatchObject({
      code: "invalid_refresh_token",
    });
  });

  it("answers the same for an unknown email and sends nothing", async () => {
    const u = unique("ghost");
    expect(await MagicLink.request({ email: u.email, verifyUrl: VERIFY }, { ip: u.ip })).toBeUndefined();
    expect(await mailsTo(u.email)).toEqual([]);
  });

  it("refuses unknown or malformed tokens and bad base URLs", async () => {
    const u = unique("bad");
    await invalidLink(MagicLink.consume("A".repeat(43), { ip: u.ip }));
    await invalidLink(MagicLink.consume("", { ip: u.ip }));
    await expect(
      MagicLink.request({ email: u.email, verifyUrl: "javascript:alert(1)" }, { ip: u.ip }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("limits how many links one address can be sent", async () => {
    const u = unique("flood");
    await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    const now = new Date();
    for (let i = 0; i < 5; i++)
      await MagicLink.request({ email: u.email, verifyUrl: VERIFY }, { ip: `${u.ip}-${i}`, now });
    await expect(
      MagicLink.request({ email: u.email, verifyUrl: VERIFY }, { ip: `${u.ip}-x`, now }),
    ).rejects.toBeInstanceOf(RateLimitedError);
    expect(await mailsTo(u.email)).toHaveLength(5);
  });
});
