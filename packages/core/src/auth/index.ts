export * as Auth from "./index";

import * as z from "zod";
import * as Actor from "../actor";
import { action, transact } from "../dynamo/transaction";
import * as Email from "../email";
import { ForbiddenError, isDomainError, NotFoundError, ValidationError } from "../error";
import * as RateLimit from "../rate-limit";
import * as User from "../user";
import { systemClock } from "../util/clock";
import { fn } from "../util/fn";
import { sessions } from "./entities";
import { AuthError } from "./errors";
import * as Password from "./password";
import * as Session from "./session";

export { AccessToken } from "./access-token";
export { AuthError } from "./errors";
export { MagicLink } from "./magic-link";
export { Password } from "./password";
export { Session } from "./session";

/**
 * Identity flows: sign-up, log-in, anonymous visitors, password change, log-out. Each returns the session's
 * tokens (see Session.Tokens) where one is opened. Rate limits (RateLimit) are applied here: pass the
 * client's IP in `meta`. Flows acting for the caller (changePassword, logout, sign-up with `upgradeFrom`)
 * run inside `Actor.provide(await Session.authenticate(accessToken), ...)`.
 */
export type Meta = Session.Meta;
export type Tokens = Session.Tokens;

export const SignupInput = z.object({
  email: User.EmailAddress,
  password: z.string().describe(Password.Rules.description ?? "password"),
  handle: User.Handle,
  displayName: User.DisplayName,
});
const parseSignup = /* @__PURE__ */ fn(SignupInput, (valid) => valid);

/**
 * A new member account, signed in. With `upgradeFrom` (the caller's anonymous user id; the actor must be
 * that anonymous user) the visitor becomes the member under the same id, keeping everything it owns; its
 * anonymous sessions end (they predate the new password). Email or handle taken → 409.
 */
export async function signup(
  input: z.input<typeof SignupInput>,
  meta: Meta & { upgradeFrom?: string | null } = {},
): Promise<Tokens> {
  const fields = parseSignup(input);
  const now = meta.now ?? systemClock();
  await RateLimit.hit("signup", { ip: meta.ip, account: fields.email }, now);
  if (meta.upgradeFrom) {
    const actor = Actor.use();
    if (actor.type !== "anonymous" || actor.properties.userID !== meta.upgradeFrom)
      throw new ForbiddenError("Only the anonymous visitor itself can upgrade to a member");
  }
  Password.check(fields.password, { email: fields.email });
  const user = await User.createMember({
    email: fields.email,
    handle: fields.handle,
    displayName: fields.displayName,
    passwordHash: await Password.hash(fields.password),
    at: now.getTime(),
    ...(meta.upgradeFrom ? { upgradeFrom: meta.upgradeFrom } : {}),
  });
  Session.forgetUser(user.id); // a guest's own session ends with the upgrade
  return Session.start({ userID: user.id, method: "signup", userAgent: meta.userAgent, ip: meta.ip, now });
}

export const LoginInput = z.object({ email: z.string().max(254), password: z.string().max(1024) });
const parseLogin = /* @__PURE__ */ fn(LoginInput, (valid) => valid);

/**
 * Signs in with email and password. A wrong password and an unknown email get the same answer
 * (`invalid_credentials`) after the same work: an unknown email is checked against a dummy hash. A guest
 * caller's session ends (Session.endGuest).
 */
export async function login(input: z.input<typeof LoginInput>, meta: Meta = {}): Promise<Tokens> {
  const { email, password } = parseLogin(input);
  const now = meta.now ?? systemClock();
  const address = email.trim().toLowerCase();
  await RateLimit.hit("login", { ip: meta.ip, account: address }, now);
  const user = await User.getItemByEmail(address);
  const matches = await Password.verify(password, user?.passwordHash ?? (await Password.dummyHash()));
  if (!user?.passwordHash || !matches) throw new AuthError("invalid_credentials", "Wrong email or password");
  if (Password.needsRehash(user.passwordHash)) {
    // Same password, stronger hash: passwordChangedAt stays, so no session ends.
    const stronger = await Password.hash(password);
    // Best effort: the log-in stands even if the stronger hash could not be stored this time.
    await User.rehashPassword(user.userID, { from: user.passwordHash, to: stronger }).catch(() => undefined);
  }
  const tokens = await Session.start({
    userID: user.userID,
    method: "password",
    userAgent: meta.userAgent,
    ip: meta.ip,
    now,
  });
  await Session.endGuest(now);
  return tokens;
}

/** A new anonymous visitor with its own session: it can act (and later upgrade) without an account. */
export async function anonymous(meta: Meta = {}): Promise<Tokens> {
  const now = meta.now ?? systemClock();
  await RateLimit.hit("token", { ip: meta.ip }, now);
  const user = await User.createAnonymous(now.getTime());
  return Session.start({ userID: user.id, method: "anonymous", userAgent: meta.userAgent, ip: meta.ip, now });
}

export const ChangePasswordInput = z.object({
  current: z
    .string()
    .max(1024)
    .optional()
    .describe("required, except within 15 minutes of signing in by magic link (a reset)"),
  next: z.string(),
});
const parseChange = /* @__PURE__ */ fn(ChangePasswordInput, (valid) => valid);

/**
 * The caller (a member) changes their password: the current one must match; the new one follows the rules
 * and differs. Without `current` it is a reset, allowed only to a session opened by a magic link within
 * the last 15 minutes (Session.RESET_WINDOW_SECONDS, from the session's creation). Either way every other
 * session of the user ends, every outstanding magic link stops working (links older than
 * passwordChangedAt are refused), the caller's own session carries on, and the owner gets a mail.
 */
export async function changePassword(
  input: z.input<typeof ChangePasswordInput>,
  meta: Meta = {},
): Promise<void> {
  const { current, next } = parseChange(input);
  const { userID, sessionID } = Actor.assert("user").properties;
  const now = meta.now ?? systemClock();
  const user = await User.getItem(userID);
  if (!user) throw new NotFoundError("No such user");
  await RateLimit.hit("login", { ip: meta.ip, account: user.email ?? userID }, now);
  if (current === undefined) {
    if (Session.passwordResetUntil(await Session.getItem(sessionID), now) === null)
      throw new ValidationError("current: required", [
        {
          path: "current",
          message: "is required (without it only within 15 minutes of signing in by magic link)",
        },
      ]);
  } else if (!user.passwordHash || !(await Password.verify(current, user.passwordHash)))
    throw new AuthError("invalid_credentials", "The current password is wrong");
  Password.check(next, { email: user.email });
  const same =
    current === undefined
      ? Boolean(user.passwordHash && (await Password.verify(next, user.passwordHash)))
      : next === current;
  if (same)
    throw new ValidationError("next: must differ from the current password", [
      { path: "next", message: "must differ from the current password" },
    ]);
  const passwordHash = await Password.hash(next);
  const at = now.getTime();
  // The new hash and this session's re-verification commit together: this session stays valid while every
  // session verified before `at` fails the passwordChangedAt check, even one the revocation below misses.
  const outcome = await transact([
    User.passwordChange(userID, { from: user.passwordHash, to: passwordHash, at }),
    action(
      sessions
        .patch({ sessionID })
        .set({ verifiedAt: at })
        .where((a, op) => `${op.eq(a.userID, userID)} AND ${op.notExists(a.revokedAt)}`),
    ),
  ]);
  if (!outcome.ok && outcome.codes[0] === "ConditionalCheckFailed")
    throw new AuthError("invalid_credentials", "The password changed meanwhile; try again");
  if (!outcome.ok) throw new AuthError("invalid_token", "This session has ended");
  await Session.revokeAllFor(userID, { except: sessionID, now });
  Session.forgetUser(userID);
  // Tell the owner: if it was not them, they learn it now (and can reset by magic link).
  if (user.email)
    await Email.send({
      to: user.email,
      subject: "Your Bourse password was changed",
      text: [
        "The password of your Bourse account was just changed, and your other sessions were signed out.",
        "",
        "If this was not you, ask for a sign-in link on the log-in page, open it, and within 15 minutes set a",
        "new password on your account page (no current password needed there).",
      ].join("\n"),
    });
}

/**
 * Ends the caller's session (a guest's identity stays until its inactivity TTL; see User.keep). When the
 * access token has already expired (no actor), the browser's refresh token still names the session: it is
 * rotated once to learn which, then revoked. A refused refresh token, or none, leaves nothing to end.
 */
export async function logout(meta: Meta = {}, refreshToken?: string): Promise<void> {
  const now = meta.now ?? systemClock();
  const actor = Actor.use();
  if (actor.type === "user" || actor.type === "anonymous")
    return Session.revoke(actor.properties.sessionID, now);
  if (!refreshToken) return;
  const tokens = await Session.refresh(refreshToken, meta).catch((error: unknown) => {
    if (isDomainError(error)) return undefined;
    throw error;
  });
  if (tokens) await Session.revoke(tokens.sessionID, now);
}
