import { describe, expect, it } from "vitest";
import * as Actor from "../actor";
import { NotFoundError, UnauthorizedError } from "../error";
import * as User from "../user";
import { expire } from "../user/testing";
import { caches } from "../util/cache";
import * as Auth from ".";
import * as AccessToken from "./access-token";
import { refreshTokens, sessions } from "./entities";
import { sha256 } from "./secret";
import * as Session from "./session";
import { PASSWORD, unique } from "./testing";

const DAY = 86_400_000;

async function member(label = "s") {
  const u = unique(label);
  const tokens = await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
  return { ...u, tokens, userID: tokens.user.id };
}

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  expect(error).toMatchObject({ code });
}

describe("Session tokens", () => {
  it("starts with an access token, an opaque refresh token (stored hashed) and the user", async () => {
    const m = await member();
    const { tokens } = m;
    expect(tokens).toMatchObject({ expiresIn: 900, refreshExpiresIn: 7 * 86_400, user: { id: m.userID } });
    expect(tokens.refreshToken).toMatch(/^[\w-]{43}$/);
    expect(tokens.user).not.toHaveProperty("passwordHash");
    expect((await refreshTokens.get({ tokenHash: tokens.refreshToken }).go()).data).toBeNull();
    const stored = (await refreshTokens.get({ tokenHash: sha256(tokens.refreshToken) }).go()).data;
    expect(stored).toMatchObject({ sessionID: tokens.sessionID, userID: m.userID, status: "active" });
    expect(await Session.authenticate(tokens.accessToken)).toEqual({
      type: "user",
      properties: { userID: m.userID, sessionID: tokens.sessionID },
    });
  });

  it("rotates the refresh token on every use, within the same session", async () => {
    const { tokens } = await member();
    const second = await Session.refresh(tokens.refreshToken);
    expect(second.sessionID).toBe(tokens.sessionID);
    expect(second.refreshToken).not.toBe(tokens.refreshToken);
    const third = await Session.refresh(second.refreshToken);
    expect(third.sessionID).toBe(tokens.sessionID);
    expect((await Session.authenticate(third.accessToken)).properties).toMatchObject({
      sessionID: tokens.sessionID,
    });
  });

  it("revokes the whole family when a rotated refresh token is used again", async () => {
    const { tokens } = await member();
    const next = await Session.refresh(tokens.refreshToken);
    await expectCode(Session.refresh(tokens.refreshToken), "refresh_token_reused");
    // The legitimate holder's newer tokens die with the family.
    await expectCode(Session.refresh(next.refreshToken), "invalid_refresh_token");
    await expectCode(Session.authenticate(next.accessToken), "invalid_token");
  });

  it("lets exactly one of concurrent uses of a refresh token win, and then no token stays valid", async () => {
    const { tokens } = await member();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => Session.refresh(tokens.refreshToken)),
    );
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    // Losers see the reuse, or (after another loser revoked the family) an ended session.
    for (const error of lost) expect(["refresh_token_reused", "invalid_refresh_token"]).toContain(error.code);
    expect(lost.some((error) => error.code === "refresh_token_reused")).toBe(true);
    for (const winner of won) {
      await expectCode(Session.refresh(winner.refreshToken), "invalid_refresh_token");
      await expectCode(Session.authenticate(winner.accessToken), "invalid_token");
    }
  });

  it("refuses unknown and malformed refresh tokens", async () => {
    await expectCode(Session.refresh("A".repeat(43)), "invalid_refresh_token");
    await expectCode(Session.refresh(""), "invalid_refresh_token");
    await expectCode(Session.refresh("not a token!"), "invalid_refresh_token");
  });

  it("expires a refresh token 7 days after issue, and a session 7 days after its last rotation", async () => {
    const start = new Date();
    const { tokens } = await member();
    await expectCode(
      Session.refresh(tokens.refreshToken, { now: new Date(start.getTime() + 7 * DAY + 5_000) }),
      "invalid_refresh_token",
    );
    // Rotated on day 6, the session lives on to day 13.
    const day6 = await Session.refresh(tokens.refreshToken, { now: new Date(start.getTime() + 6 * DAY) });
    const day12 = await Session.refresh(day6.refreshToken, { now: new Date(start.getTime() + 12 * DAY) });
    expect(day12.sessionID).toBe(tokens.sessionID);
    await expectCode(
      Session.refresh(day12.refreshToken, { now: new Date(start.getTime() + 19 * DAY + 5_000) }),
      "invalid_refresh_token",
    );
  });

  it("ends a session 30 days after sign-in however often it is refreshed", async () => {
    const start = new Date();
    const { tokens } = await member();
    let current = tokens;
    for (const day of [6, 12, 18, 24, 29])
      current = await Session.refresh(current.refreshToken, { now: new Date(start.getTime() + day * DAY) });
    expect(current.sessionID).toBe(tokens.sessionID);
    expect(current.refreshExpiresIn).toBeLessThanOrEqual(DAY / 1000 + 60);
    await expectCode(
      Session.refresh(current.refreshToken, { now: new Date(start.getTime() + 30 * DAY + 5_000) }),
      "invalid_refresh_token",
    );
  });
});

describe("Session.authenticate", () => {
  it("refuses a revoked session's access token and refresh token", async () => {
    const { tokens } = await member();
    await Session.revoke(tokens.sessionID);
    await Session.revoke(tokens.sessionID); // idempotent
    await expectCode(Session.authenticate(tokens.accessToken), "invalid_token");
    await expectCode(Session.refresh(tokens.refreshToken), "invalid_refresh_token");
  });

  it("remembers a verified session for 90 s, and forgets it at once when revoked here", async () => {
    const { tokens } = await member();
    const hits = () => caches().find((c) => c.name === "sessions")?.hits ?? 0;
    const first = await Session.authenticate(tokens.accessToken);
    const before = hits();
    expect(await Session.authenticate(tokens.accessToken)).toEqual(first);
    expect(hits()).toBe(before + 1);
    await Session.revoke(tokens.sessionID);
    await expectCode(Session.authenticate(tokens.accessToken), "invalid_token");
    // Past its 90 s, a remembered session is read again.
    const other = await member();
    await Session.authenticate(other.tokens.accessToken);
    const later = new Date(Date.now() + Session.VERIFIED_MS + 1);
    const misses = () => caches().find((c) => c.name === "sessions")?.misses ?? 0;
    const missed = misses();
    await Session.authenticate(other.tokens.accessToken, later);
    expect(misses()).toBe(missed + 1);
  });

  it("sees a revocation made through another instance once its 90 s are over", async () => {
    const { tokens } = await member();
    await Session.authenticate(tokens.accessToken);
    // Another instance's revocation, straight to the table: this instance's memory does not know it yet.
    await sessions.patch({ sessionID: tokens.sessionID }).set({ revokedAt: Date.now() }).go();
    expect((await Session.authenticate(tokens.accessToken)).properties.sessionID).toBe(tokens.sessionID);
    const later = new Date(Date.now() + Session.VERIFIED_MS + 1);
    await expectCode(Session.authenticate(tokens.accessToken, later), "invalid_token");
    expect(Session.VERIFIED_MS).toBeLessThanOrEqual((AccessToken.TTL_SECONDS * 1000) / 10);
  });

  it("refuses the token of a deleted user", async () => {
    const m = await member();
    await User.remove(m.userID);
    await expectCode(Session.authenticate(m.tokens.accessToken), "invalid_token");
    await expectCode(Session.refresh(m.tokens.refreshToken), "invalid_refresh_token");
  });

  it("refuses sessions older than the user's last password change", async () => {
    const m = await member();
    await User.setPasswordHash(m.userID, "$2b$04$changedelsewhere", Date.now() + 1000);
    await expectCode(Session.authenticate(m.tokens.accessToken), "invalid_token");
    await expectCode(Session.refresh(m.tokens.refreshToken), "invalid_refresh_token");
  });

  it("refuses every token of a guest its TTL removed (the user item alone goes)", async () => {
    const tokens = await Auth.anonymous({ ip: unique("ttl").ip });
    const later = await Session.refresh(tokens.refreshToken);
    await expire(tokens.user.id); // what DynamoDB's TTL (or the local sweeper) does
    await expectCode(Session.authenticate(later.accessToken), "invalid_token");
    await expectCode(Session.refresh(later.refreshToken), "invalid_refresh_token");
  });

  it("records how each session was opened", async () => {
    const m = await member();
    const login = await Auth.login({ email: m.email, password: PASSWORD }, { ip: m.ip });
    const guest = await Auth.anonymous({ ip: m.ip });
    expect((await Session.getItem(m.tokens.sessionID))?.method).toBe("signup");
    expect((await Session.getItem(login.sessionID))?.method).toBe("password");
    expect((await Session.getItem(guest.sessionID))?.method).toBe("anonymous");
  });

  it("gives anonymous visitors an anonymous actor", async () => {
    const u = unique("anon");
    const tokens = await Auth.anonymous({ ip: u.ip });
    expect(tokens.user.kind).toBe("anonymous");
    expect(await Session.authenticate(tokens.accessToken)).toEqual({
      type: "anonymous",
      properties: { userID: tokens.user.id, sessionID: tokens.sessionID },
    });
  });
});

describe("Session list and remove", () => {
  it("lists the caller's live sessions, marking the current one", async () => {
    const m = await member();
    const other = await Auth.login(
      { email: m.email, password: PASSWORD },
      { userAgent: "Firefox", ip: m.ip },
    );
    const ended = await Auth.login({ email: m.email, password: PASSWORD }, { ip: m.ip });
    await Session.revoke(ended.sessionID);
    const actor = await Session.authenticate(m.tokens.accessToken);
    const sessions = await Actor.provide(actor, () => Session.list());
    expect(sessions.map((s) => s.id).sort()).toEqual([m.tokens.sessionID, other.sessionID].sort());
    expect(sessions.find((s) => s.current)?.id).toBe(m.tokens.sessionID);
    expect(sessions.find((s) => s.id === other.sessionID)).toMatchObject({ userAgent: "Firefox", ip: m.ip });
  });

  it("removes one of the caller's own sessions", async () => {
    const m = await member();
    const other = await Auth.login({ email: m.email, password: PASSWORD }, { ip: m.ip });
    const actor = await Session.authenticate(m.tokens.accessToken);
    await Actor.provide(actor, () => Session.remove(other.sessionID));
    await expectCode(Session.authenticate(other.accessToken), "invalid_token");
    expect((await Session.authenticate(m.tokens.accessToken)).properties.sessionID).toBe(m.tokens.sessionID);
  });

  it("answers NotFound for another user's session (IDOR) and leaves it working", async () => {
    const victim = await member("victim");
    const attacker = await member("attacker");
    const actor = await Session.authenticate(attacker.tokens.accessToken);
    await expect(Actor.provide(actor, () => Session.remove(victim.tokens.sessionID))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(Actor.provide(actor, () => Session.remove("01NOSUCHSESSION"))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await Session.authenticate(victim.tokens.accessToken)).properties.userID).toBe(victim.userID);
    expect((await Session.refresh(victim.tokens.refreshToken)).sessionID).toBe(victim.tokens.sessionID);
  });

  it("needs a signed-in caller", async () => {
    await expect(Session.list()).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(Session.remove("x")).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("revokes every session of a user but the one kept", async () => {
    const m = await member();
    const a = await Auth.login({ email: m.email, password: PASSWORD }, { ip: m.ip });
    const b = await Auth.login({ email: m.email, password: PASSWORD }, { ip: m.ip });
    await Session.revokeAllFor(m.userID, { except: a.sessionID });
    await Session.authenticate(a.accessToken);
    await expectCode(Session.authenticate(b.accessToken), "invalid_token");
    await expectCode(Session.authenticate(m.tokens.accessToken), "invalid_token");
  });
});
