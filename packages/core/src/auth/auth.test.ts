import { afterEach, describe, expect, it, vi } from "vitest";
import * as Actor from "../actor";
import {
  ConflictError,
  ForbiddenError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from "../error";
import * as User from "../user";
import * as Auth from ".";
import * as MagicLink from "./magic-link";
import * as Session from "./session";
import { mailsTo, PASSWORD, unique } from "./testing";

afterEach(() => {
  vi.unstubAllEnvs();
});

async function failure(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as Error & { code?: string; retryAfterSeconds?: number },
  );
}

describe("Auth.signup", () => {
  it("creates a member, signed in, with the password hashed", async () => {
    const u = unique("sign");
    const tokens = await Auth.signup(
      { ...u, email: u.email.toUpperCase(), password: PASSWORD },
      { ip: u.ip },
    );
    expect(tokens.user).toMatchObject({
      kind: "member",
      email: u.email,
      handle: u.handle,
      hasPassword: true,
    });
    const stored = await User.getItem(tokens.user.id);
    expect(stored?.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(stored?.passwordHash).not.toContain(PASSWORD);
    expect((await Session.authenticate(tokens.accessToken)).type).toBe("user");
  });

  it("refuses weak passwords before creating anything", async () => {
    const u = unique("weak");
    for (const password of ["short", "password123", u.email, u.email.split("@")[0]!]) {
      const error = await failure(Auth.signup({ ...u, password }, { ip: u.ip }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toMatch(/^password: /);
    }
    // Nothing was taken by the refused attempts.
    expect((await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip })).user.handle).toBe(u.handle);
  });

  it("refuses a taken email or handle with 409", async () => {
    const a = unique("dup");
    const b = unique("dup");
    await Auth.signup({ ...a, password: PASSWORD }, { ip: a.ip });
    const email = await failure(Auth.signup({ ...b, email: a.email, password: PASSWORD }, { ip: b.ip }));
    expect(email).toBeInstanceOf(ConflictError);
    expect(email.code).toBe("email_taken");
    const handle = await failure(
      Auth.signup({ ...b, handle: a.handle.toUpperCase(), password: PASSWORD }, { ip: b.ip }),
    );
    expect(handle.code).toBe("handle_taken");
  });

  it("upgrades the calling anonymous visitor, keeping its id; its anonymous session ends", async () => {
    const u = unique("upg");
    const anon = await Auth.anonymous({ ip: u.ip });
    const actor = await Session.authenticate(anon.accessToken);
    const member = await Actor.provide(actor, () =>
      Auth.signup({ ...u, password: PASSWORD }, { upgradeFrom: anon.user.id, ip: u.ip }),
    );
    expect(member.user).toMatchObject({ id: anon.user.id, kind: "member", handle: u.handle });
    expect(await Session.authenticate(member.accessToken)).toMatchObject({ type: "user" });
    await expect(Session.authenticate(anon.accessToken)).rejects.toMatchObject({ code: "invalid_token" });
  });

  it("lets nobody else upgrade an anonymous visitor", async () => {
    const u = unique("hij");
    const anon = await Auth.anonymous({ ip: u.ip });
    const other = await Auth.anonymous({ ip: u.ip });
    const otherActor = await Session.authenticate(other.accessToken);
    // Thunks, so each attempt starts only when awaited (an early rejection would go unhandled).
    for (const attempt of [
      () => Auth.signup({ ...u, password: PASSWORD }, { upgradeFrom: anon.user.id, ip: u.ip }),
      () =>
        Actor.provide(otherActor, () =>
          Auth.signup({ ...u, password: PASSWORD }, { upgradeFrom: anon.user.id, ip: u.ip }),
        ),
    ])
      expect(await failure(attempt())).toBeInstanceOf(ForbiddenError);
    expect((await User.get(anon.user.id))?.kind).toBe("anonymous");
  });
});

describe("Auth.login", () => {
  it("signs in with the right password, whatever the email's case", async () => {
    const u = unique("login");
    const signup = await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    const tokens = await Auth.login(
      { email: ` ${u.email.toUpperCase()} `, password: PASSWORD },
      { ip: u.ip },
    );
    expect(tokens.user.id).toBe(signup.user.id);
    expect(tokens.sessionID).not.toBe(signup.sessionID);
  });

  it("answers a wrong password and an unknown email alike", async () => {
    const u = unique("login");
    await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    const wrong = await failure(Auth.login({ email: u.email, password: `${PASSWORD}!` }, { ip: u.ip }));
    const unknown = await failure(
      Auth.login({ email: `nobody.${u.email}`, password: PASSWORD }, { ip: u.ip }),
    );
    const malformed = await failure(Auth.login({ email: "not an email", password: PASSWORD }, { ip: u.ip }));
    for (const error of [wrong, unknown, malformed]) {
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect({ code: error.code, message: error.message }).toEqual({
        code: "invalid_credentials",
        message: "Wrong email or password",
      });
    }
  });

  it("refuses anonymous users, who have no password", async () => {
    const u = unique("anon");
    await Auth.anonymous({ ip: u.ip });
    expect((await failure(Auth.login({ email: "", password: "" }, { ip: u.ip }))).code).toBe(
      "invalid_credentials",
    );
  });

  it("re-hashes a password made at a lower cost, without ending sessions", async () => {
    const u = unique("rehash");
    const signup = await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    vi.stubEnv("BOURSE_BCRYPT_COST", "5");
    await Auth.login({ email: u.email, password: PASSWORD }, { ip: u.ip });
    expect((await User.getItem(signup.user.id))?.passwordHash).toMatch(/^\$2[aby]\$05\$/);
    await Session.authenticate(signup.accessToken);
    await Auth.login({ email: u.email, password: PASSWORD }, { ip: u.ip });
  });

  it("stops brute force on one account: 429 with Retry-After, even for the right password", async () => {
    const u = unique("brute");
    await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    const now = new Date();
    const meta = (i: number) => ({ ip: `${u.ip}-${i}`, now });
    for (let i = 0; i < 10; i++)
      expect(
        (await failure(Auth.login({ email: u.email, password: `guess ${i} guess` }, meta(i)))).code,
      ).toBe("invalid_credentials");
    const limited = await failure(Auth.login({ email: u.email, password: "guess 11 guess" }, meta(11)));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ code: "rate_limited" });
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await failure(Auth.login({ email: u.email, password: PASSWORD }, meta(12)))).toBeInstanceOf(
      RateLimitedError,
    );
    // The next window opens again.
    const later = { ip: u.ip, now: new Date(now.getTime() + 61_000) };
    expect((await Auth.login({ email: u.email, password: PASSWORD }, later)).user.email).toBe(u.email);
  });

  it("stops one IP trying many accounts", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_LOGIN_IP", "3/60");
    const u = unique("spray");
    const now = new Date();
    for (let i = 0; i < 3; i++)
      expect(
        (await failure(Auth.login({ email: `victim${i}.${u.email}`, password: PASSWORD }, { ip: u.ip, now })))
          .code,
      ).toBe("invalid_credentials");
    const limited = await failure(
      Auth.login({ email: `victim9.${u.email}`, password: PASSWORD }, { ip: u.ip, now }),
    );
    expect(limited).toBeInstanceOf(RateLimitedError);
  });

  it("has no limits when they are switched off", async () => {
    vi.stubEnv("BOURSE_RATE_LIMITS", "off");
    const u = unique("off");
    await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    const now = new Date();
    for (let i = 0; i < 14; i++)
      expect(
        (await failure(Auth.login({ email: u.email, password: `guess ${i} guess` }, { ip: u.ip, now }))).code,
      ).toBe("invalid_credentials");
    expect((await Auth.login({ email: u.email, password: PASSWORD }, { ip: u.ip, now })).user.email).toBe(
      u.email,
    );
  });
});

describe("Auth.changePassword", () => {
  it("checks the current password and the rules", async () => {
    const u = unique("chg");
    const tokens = await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    const actor = await Session.authenticate(tokens.accessToken);
    const change = (current: string, next: string) =>
      Actor.provide(actor, () => Auth.changePassword({ current, next }, { ip: u.ip }));
    expect((await failure(change("wrong password!", "a brand new secret"))).code).toBe("invalid_credentials");
    expect(await failure(change(PASSWORD, "qwertyuiop"))).toBeInstanceOf(ValidationError);
    expect(await failure(change(PASSWORD, PASSWORD))).toBeInstanceOf(ValidationError);
    await Auth.login({ email: u.email, password: PASSWORD }, { ip: u.ip });
  });

  it("ends every other session and keeps the caller's", async () => {
    const u = unique("chg");
    const here = await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    const elsewhere = await Auth.login({ email: u.email, password: PASSWORD }, { ip: u.ip });
    const actor = await Session.authenticate(here.accessToken);
    await Actor.provide(actor, () => Auth.changePassword({ current: PASSWORD, next: "a brand new secret" }));

    await expect(Session.authenticate(elsewhere.accessToken)).rejects.toMatchObject({
      code: "invalid_token",
    });
    await expect(Session.refresh(elsewhere.refreshToken)).rejects.toMatchObject({
      code: "invalid_refresh_token",
    });
    expect((await Session.authenticate(here.accessToken)).properties.sessionID).toBe(here.sessionID);
    const refreshed = await Session.refresh(here.refreshToken);
    await Session.authenticate(refreshed.accessToken);

    expect((await failure(Auth.login({ email: u.email, password: PASSWORD }, { ip: u.ip }))).code).toBe(
      "invalid_credentials",
    );
    await Auth.login({ email: u.email, password: "a brand new secret" }, { ip: u.ip });
    expect((await mailsTo(u.email)).map((m) => m.subject)).toEqual(["Your Bourse password was changed"]);
  });

  it("is for members only", async () => {
    const anon = await Auth.anonymous({ ip: unique().ip });
    const actor = await Session.authenticate(anon.accessToken);
    const error = await failure(
      Actor.provide(actor, () => Auth.changePassword({ current: "x", next: "a brand new secret" })),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(await failure(Auth.changePassword({ current: "x", next: "y" }))).toBeInstanceOf(UnauthorizedError);
  });
});

/** A link mailed to `u` now, opened (a session of method "magic-link"); also returns a second, unused link. */
async function signInByLink(u: { email: string; ip: string }) {
  const tokenIn = (text: string) => /[?&]token=([\w-]+)/.exec(text)?.[1] ?? "";
  await MagicLink.request(
    { email: u.email, verifyUrl: "https://bourse.test/api/auth/magic-link/verify" },
    { ip: u.ip },
  );
  await MagicLink.request(
    { email: u.email, verifyUrl: "https://bourse.test/api/auth/magic-link/verify" },
    { ip: u.ip },
  );
  const links = (await mailsTo(u.email)).map((m) => tokenIn(m.text)).filter(Boolean);
  expect(links).toHaveLength(2);
  const tokens = await MagicLink.consume(links[0]!, { ip: u.ip });
  return { tokens, actor: await Session.authenticate(tokens.accessToken), unused: links[1]! };
}

describe("Auth.changePassword as a reset (no current password)", () => {
  const NEXT = "a brand new secret";

  it("is allowed within 15 minutes of a magic-link sign-in, and voids other sessions and links", async () => {
    const u = unique("reset");
    const first = await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    const { tokens, actor, unused } = await signInByLink(u);
    const created = (await Session.getItem(tokens.sessionID))!.createdAt;
    expect(await Actor.provide(actor, () => Session.current())).toMatchObject({
      id: tokens.sessionID,
      method: "magic-link",
      passwordResetUntil: created + 15 * 60_000,
    });
    await Actor.provide(actor, () => Auth.changePassword({ next: NEXT }, { ip: u.ip }));

    expect((await Session.authenticate(tokens.accessToken)).properties.sessionID).toBe(tokens.sessionID);
    await expect(Session.authenticate(first.accessToken)).rejects.toMatchObject({ code: "invalid_token" });
    await expect(MagicLink.consume(unused, { ip: u.ip })).rejects.toMatchObject({ code: "invalid_link" });
    expect((await failure(Auth.login({ email: u.email, password: PASSWORD }, { ip: u.ip }))).code).toBe(
      "invalid_credentials",
    );
    await Auth.login({ email: u.email, password: NEXT }, { ip: u.ip });
  });

  it("is refused 15 minutes after the magic-link session was created", async () => {
    const u = unique("reset");
    await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    const { tokens, actor } = await signInByLink(u);
    const created = (await Session.getItem(tokens.sessionID))!.createdAt;
    const late = new Date(created + 15 * 60_000 + 1000);
    expect((await Actor.provide(actor, () => Session.current(late))).passwordResetUntil).toBeNull();
    const error = await failure(
      Actor.provide(actor, () => Auth.changePassword({ next: NEXT }, { ip: u.ip, now: late })),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ details: [{ path: "current" }] });
    const onTime = new Date(created + 14 * 60_000);
    await Actor.provide(actor, () => Auth.changePassword({ next: NEXT }, { ip: u.ip, now: onTime }));
  });

  it("is refused to a password or sign-up session, and to the same password", async () => {
    const u = unique("reset");
    const signup = await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    const login = await Auth.login({ email: u.email, password: PASSWORD }, { ip: u.ip });
    for (const session of [signup, login]) {
      const actor = await Session.authenticate(session.accessToken);
      expect((await Actor.provide(actor, () => Session.current())).passwordResetUntil).toBeNull();
      const error = await failure(Actor.provide(actor, () => Auth.changePassword({ next: NEXT })));
      expect(error).toMatchObject({ code: "validation_failed", details: [{ path: "current" }] });
    }
    await Auth.login({ email: u.email, password: PASSWORD }, { ip: u.ip });
    const { actor } = await signInByLink(u);
    const same = await failure(Actor.provide(actor, () => Auth.changePassword({ next: PASSWORD })));
    expect(same).toMatchObject({ details: [{ path: "next" }] });
  });
});

describe("Auth.logout", () => {
  it("ends the caller's session only", async () => {
    const u = unique("out");
    const a = await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
    const b = await Auth.login({ email: u.email, password: PASSWORD }, { ip: u.ip });
    await Actor.provide(await Session.authenticate(a.accessToken), () => Auth.logout());
    await expect(Session.authenticate(a.accessToken)).rejects.toMatchObject({ code: "invalid_token" });
    await expect(Session.refresh(a.refreshToken)).rejects.toMatchObject({ code: "invalid_refresh_token" });
    await Session.authenticate(b.accessToken);
  });
});
