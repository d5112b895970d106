import { describe, expect, it } from "vitest";
import type { Email } from "../email";
import { RateLimitedError, UnauthorizedError, ValidationError } from "../error";
import { Auth, MagicLink, Session } from ".";
import { magicLinks } from "./entities";
import { sha256 } from "./secret";
import { mailsTo, PASSWORD, unique } from "./testing";

const BASE = "https://bourse.test";

function tokenOf(mail: Email.Info): string {
  const link = /https:\/\/bourse\.test\/api\/auth\/magic-link\/verify\?token=([\w-]+)/.exec(mail.text);
  if (!link?.[1]) throw new Error(`no link in ${mail.text}`);
  return link[1];
}

async function memberWithLink(now?: Date) {
  const u = unique("magic");
  const signup = await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
  await MagicLink.request({ email: u.email.toUpperCase(), baseUrl: `${BASE}/` }, { ip: u.ip, now });
  const mails = await mailsTo(u.email);
  expect(mails).toHaveLength(1);
  return { ...u, userID: signup.user.id, mail: mails[0]!, token: tokenOf(mails[0]!) };
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
    const now = new Date();
    const m = await memberWithLink(now);
    expect((await magicLinks.get({ tokenHash: m.token }).go()).data).toBeNull();
    const stored = (await magicLinks.get({ tokenHash: sha256(m.token) }).go()).data;
    expect(stored).toMatchObject({ userID: m.userID, expiresAt: Math.floor(now.getTime() / 1000) + 900 });
  });

  it("expires after 15 minutes", async () => {
    const sent = new Date();
    const late = await memberWithLink(sent);
    await invalidLink(
      MagicLink.consume(late.token, { ip: late.ip, now: new Date(sent.getTime() + 15 * 60_000 + 1000) }),
    );
    const onTime = await memberWithLink(sent);
    const tokens = await MagicLink.consume(onTime.token, {
      ip: onTime.ip,
      now: new Date(sent.getTime() + 14 * 60_000),
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

  it("answers the same for an unknown email and sends nothing", async () => {
    const u = unique("ghost");
    expect(await MagicLink.request({ email: u.email, baseUrl: BASE }, { ip: u.ip })).toBeUndefined();
    expect(await mailsTo(u.email)).toEqual([]);
  });

  it("refuses unknown or malformed tokens and bad base URLs", async () => {
    const u = unique("bad");
    await invalidLink(MagicLink.consume("A".repeat(43), { ip: u.ip }));
    await invalidLink(MagicLink.consume("", { ip: u.ip }));
    await expect(
      MagicLink.request({ email: u.email, baseUrl: "javascript:alert(1)" }, { ip: u.ip }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("limits how many links one address can be sent", async () => {
    const u = unique("flood");
    await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    const now = new Date();
    for (let i = 0; i < 5; i++)
      await MagicLink.request({ email: u.email, baseUrl: BASE }, { ip: `${u.ip}-${i}`, now });
    await expect(
      MagicLink.request({ email: u.email, baseUrl: BASE }, { ip: `${u.ip}-x`, now }),
    ).rejects.toBeInstanceOf(RateLimitedError);
    expect(await mailsTo(u.email)).toHaveLength(5);
  });
});
