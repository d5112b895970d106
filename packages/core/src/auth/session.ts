export * as Session from "./session";

import type { EntityItem } from "electrodb";
import { ulid } from "ulid";
import * as z from "zod";
import * as Actor from "../actor";
import { ENTITY_ATTRIBUTE, ignoreConditionalFailure } from "../dynamo";
import { getItems } from "../dynamo/batch";
import { action, transact } from "../dynamo/transaction";
import { NotFoundError } from "../error";
import * as RateLimit from "../rate-limit";
import * as User from "../user";
import { TtlCache } from "../util/cache";
import { systemClock } from "../util/clock";
import * as AccessToken from "./access-token";
import { refreshTokens, sessions } from "./entities";
import { AuthError } from "./errors";
import { newSecret, sha256 } from "./secret";

/**
 * Sessions: one per signed-in device, and one refresh-token family. A session hands out a short JWT access
 * token and an opaque refresh token; every refresh rotates the refresh token, and presenting a rotated one
 * again (a stolen copy, or a replay) revokes the whole session.
 */
export const REFRESH_TTL_SECONDS = 7 * 86_400;

/** Absolute session lifetime (ASVS 3.3): however often it is refreshed, a session ends 30 days after sign-in. */
export const SESSION_MAX_SECONDS = 30 * 86_400;

/**
 * A session opened by a magic link may set a new password without the current one for this long after its
 * creation (account recovery: Auth.changePassword).
 */
export const RESET_WINDOW_SECONDS = 15 * 60;

/** How a session was opened (recorded on the session item). */
export const Method = z.enum(["password", "magic-link", "signup", "anonymous"]);
export type Method = z.infer<typeof Method>;

/** What a request tells about its client; `now` is the injected clock (tests). */
export interface Meta {
  userAgent?: string | null;
  ip?: string | null;
  now?: Date;
}

export const Tokens = z.object({
  accessToken: z.string(),
  expiresIn: z.number().describe("seconds"),
  refreshToken: z.string(),
  refreshExpiresIn: z.number().describe("seconds"),
  sessionID: z.string(),
  user: User.Info,
});
export type Tokens = z.infer<typeof Tokens>;

export const Info = z.object({
  id: z.string(),
  createdAt: z.number().describe("epoch milliseconds"),
  lastUsedAt: z.number().describe("epoch milliseconds"),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});
export type Info = z.infer<typeof Info>;

/** The caller's own session, as the client may know it (e.g. to offer a password reset). */
export const Current = z.object({
  id: z.string(),
  method: Method.nullable(),
  passwordResetUntil: z
    .number()
    .nullable()
    .describe("epoch ms until which a new password may be set without the current one; null: never"),
});
export type Current = z.infer<typeof Current>;

type SessionItem = EntityItem<typeof sessions>;

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);
const clean = (value: string | null | undefined, max: number) =>
  value ? value.replace(/[\p{Cc}]/gu, "").slice(0, max) || undefined : undefined;
const metaOf = (meta: Meta) => ({ userAgent: clean(meta.userAgent, 300), ip: clean(meta.ip, 64) });

const invalidRefresh = () => new AuthError("invalid_refresh_token", "Invalid or expired refresh token");
const invalidToken = () => new AuthError("invalid_token", "Invalid or expired access token");

async function accessFor(user: User.Item, sessionID: string, now: Date) {
  return AccessToken.sign({ userID: user.userID, sessionID, kind: user.kind }, now);
}

/**
 * A new session for a user whose credentials were just verified. `verifiedAt` (default now) is when that
 * proof was made: a magic link's creation, so a password change after the link was mailed voids the
 * session whatever the order of the writes (see `usable`).
 */
export async function start(
  input: { userID: string; method?: Method; verifiedAt?: number } & Meta,
): Promise<Tokens> {
  const now = input.now ?? systemClock();
  const user = await User.getItem(input.userID);
  if (!user) throw new NotFoundError("No such user");
  const sessionID = ulid(now.getTime());
  const refreshToken = newSecret();
  const at = now.getTime();
  const expiresAt = seconds(now) + REFRESH_TTL_SECONDS;
  const written = await transact([
    action(
      sessions.create({
        sessionID,
        userID: user.userID,
        createdAt: at,
        method: input.method,
        verifiedAt: input.verifiedAt ?? at,
        lastUsedAt: at,
        expiresAt,
        ...metaOf(input),
      }),
    ),
    action(
      refreshTokens.create({
        tokenHash: sha256(refreshToken),
        sessionID,
        userID: user.userID,
        status: "active",
        createdAt: at,
        expiresAt,
      }),
    ),
  ]);
  if (!written.ok) throw new Error(`session not written: ${written.codes.join(", ")}`);
  const access = await accessFor(user, sessionID, now);
  return {
    accessToken: access.token,
    expiresIn: access.expiresIn,
    refreshToken,
    refreshExpiresIn: REFRESH_TTL_SECONDS,
    sessionID,
    user: User.toInfo(user),
  };
}

/** The session and its user in ONE strongly consistent BatchGet. */
async function load(sessionID: string, userID: string) {
  const found = await getItems([sessions.get({ sessionID }).params().Key, User.keyOf(userID)], {
    consistent: true,
  });
  const session = found.find((item) => item[ENTITY_ATTRIBUTE] === sessions.schema.model.entity);
  return {
    session: session ? (sessions.parse({ Item: session }).data ?? undefined) : undefined,
    user: found.map(User.parseItem).find((item) => item !== undefined),
  };
}

/** Whether a session may still act for its user: not revoked, not expired, not older than the password. */
function usable(session: SessionItem | undefined, user: User.Item | undefined, userID: string, now: Date) {
  return (
    session !== undefined &&
    user !== undefined &&
    session.userID === userID &&
    session.revokedAt === undefined &&
    session.expiresAt > seconds(now) &&
    seconds(new Date(session.createdAt)) + SESSION_MAX_SECONDS > seconds(now) &&
    session.verifiedAt >= (user.passwordChangedAt ?? 0)
  );
}

/**
 * New tokens for a refresh token, which is used up (rotated). Using a rotated token again revokes its
 * session (`refresh_token_reused`); of two concurrent uses of one token, one wins and the other counts as
 * reuse, so a race never leaves two valid tokens.
 */
export async function refresh(refreshToken: string, meta: Meta = {}): Promise<Tokens> {
  const now = meta.now ?? systemClock();
  await RateLimit.hit("token", { ip: meta.ip }, now);
  if (typeof refreshToken !== "string" || !/^[\w-]{20,100}$/.test(refreshToken)) throw invalidRefresh();
  const tokenHash = sha256(refreshToken);
  const stored = (await refreshTokens.get({ tokenHash }).go({ consistent: true })).data;
  if (!stored || stored.expiresAt <= seconds(now)) throw invalidRefresh();
  if (stored.status === "rotated") return reused(stored.sessionID, now);
  await RateLimit.hit("token", { account: stored.userID }, now);

  const { session, user } = await load(stored.sessionID, stored.userID);
  if (!usable(session, user, stored.userID, now) || !session || !user) throw invalidRefresh();

  const next = newSecret();
  const at = now.getTime();
  const expiresAt = Math.min(
    seconds(now) + REFRESH_TTL_SECONDS,
    seconds(new Date(session.createdAt)) + SESSION_MAX_SECONDS,
  );
  const rotate = async () => {
    const outcome = await transact([
      action(
        refreshTokens
          .patch({ tokenHash })
          .set({ status: "rotated", rotatedAt: at })
          .where((a, op) => op.eq(a.status, "active")),
      ),
      action(
        refreshTokens.create({
          tokenHash: sha256(next),
          sessionID: session.sessionID,
          userID: session.userID,
          status: "active",
          createdAt: at,
          expiresAt,
        }),
      ),
      action(
        sessions
          .patch({ sessionID: session.sessionID })
          .set({ lastUsedAt: at, expiresAt, ...metaOf(meta) })
          .where((a, op) => op.notExists(a.revokedAt)),
      ),
    ]);
    return outcome.ok ? null : outcome.codes;
  };
  // A conflict means another use of this token is committing right now: wait and try again, so that
  // exactly one use wins and the others see it as reuse. Revoking the family on a mere conflict could
  // land before the winner's commit and leave no winner at all.
  let codes = await rotate();
  for (let attempt = 1; codes?.includes("TransactionConflict") && attempt < 8; attempt++) {
    await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * Math.random()));
    const again = (await refreshTokens.get({ tokenHash }).go({ consistent: true })).data;
    if (again?.status === "rotated") return reused(session.sessionID, now);
    codes = await rotate();
  }
  // The old token was no longer active: another use won.
  if (codes?.[0] === "ConditionalCheckFailed") return reused(session.sessionID, now);
  if (codes) throw invalidRefresh();

  const access = await accessFor(user, session.sessionID, now);
  return {
    accessToken: access.token,
    expiresIn: access.expiresIn,
    refreshToken: next,
    refreshExpiresIn: expiresAt - seconds(now),
    sessionID: session.sessionID,
    user: User.toInfo(user),
  };
}

async function reused(sessionID: string, now: Date): Promise<never> {
  await revoke(sessionID, now);
  throw new AuthError("refresh_token_reused", "This refresh token was already used; the session is revoked");
}

/** Ends a session: its refresh tokens and access tokens stop working. Idempotent. */
export async function revoke(sessionID: string, now: Date = systemClock()): Promise<void> {
  await ignoreConditionalFailure(
    sessions
      .patch({ sessionID })
      .set({ revokedAt: now.getTime() })
      .where((a, op) => op.notExists(a.revokedAt))
      .go(),
  );
  verified.invalidate(sessionID); // after the write: a load racing it must not keep the old session
}

async function allOf(userID: string): Promise<SessionItem[]> {
  return (await sessions.query.byUser({ userID }).go({ pages: "all" })).data;
}

/** Ends every session of a user, except one if asked (the caller's own, after a password change). */
export async function revokeAllFor(
  userID: string,
  options: { except?: string; now?: Date } = {},
): Promise<void> {
  const now = options.now ?? systemClock();
  const open = (await allOf(userID)).filter(
    (s) => s.revokedAt === undefined && s.sessionID !== options.except,
  );
  for (let i = 0; i < open.length; i += 10)
    await Promise.all(open.slice(i, i + 10).map((s) => revoke(s.sessionID, now)));
}

/** The caller's sessions still in force, newest first. */
export async function list(now: Date = systemClock()): Promise<Info[]> {
  const actor = Actor.assert("user", "anonymous").properties;
  return (await allOf(actor.userID))
    .filter((s) => s.revokedAt === undefined && s.expiresAt > seconds(now))
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((s) => ({
      id: s.sessionID,
      createdAt: s.createdAt,
      lastUsedAt: s.lastUsedAt,
      userAgent: s.userAgent ?? null,
      ip: s.ip ?? null,
      current: s.sessionID === actor.sessionID,
    }));
}

/** Ends one of the caller's own sessions. Someone else's session is NotFound, and is left alone. */
export async function remove(sessionID: string, now: Date = systemClock()): Promise<void> {
  const { userID } = Actor.assert("user", "anonymous").properties;
  const notFound = () => new NotFoundError("No such session");
  if (typeof sessionID !== "string" || !sessionID) throw notFound();
  const session = (await sessions.get({ sessionID }).go({ consistent: true })).data;
  if (!session || session.userID !== userID) throw notFound();
  if (session.revokedAt !== undefined) return;
  await ignoreConditionalFailure(
    sessions
      .patch({ sessionID })
      .set({ revokedAt: now.getTime() })
      .where((a, op) => `${op.eq(a.userID, userID)} AND ${op.notExists(a.revokedAt)}`)
      .go(),
  );
  verified.invalidate(sessionID);
}

/**
 * Sessions verified in the last 90 s on this instance, with their user: a client reuses its token for many
 * calls (its pages poll every 20 to 60 s: the window covers the slowest poll and its slack), and reading its
 * session each time would be most of a request's table work. A revocation, sign-out, upgrade or password
 * change through this instance drops its entries at once (`revoke`, `remove`, `forgetUser`); one made
 * through another instance (or a deleted user) is seen there within VERIFIED_MS, a tenth of the access
 * token's 15 minutes, which nothing could cut short without this check. The token's signature and expiry
 * and the session's own lifetime are checked on every call.
 */
export const VERIFIED_MS = 90_000;
const verified = new TtlCache<Awaited<ReturnType<typeof load>>>("sessions", VERIFIED_MS);

/**
 * The actor behind an access token: the JWT must verify, and its session and user (one BatchGet, or the
 * instance's few-second memory of it) must still stand: session not revoked or expired, user not deleted,
 * session not older than a password change.
 */
export async function authenticate(
  accessToken: string,
  now: Date = systemClock(),
): Promise<Extract<Actor.Info, { type: "user" | "anonymous" }>> {
  const claims = await AccessToken.verify(accessToken, now);
  const stands = (found: Awaited<ReturnType<typeof load>>) =>
    usable(found.session, found.user, claims.userID, now);
  const { session, user } = await verified.get(
    claims.sessionID,
    async () => {
      const found = await load(claims.sessionID, claims.userID);
      if (found.user && stands(found))
        await User.touch(found.user.userID, found.user.lastActiveAt, now.getTime(), {
          expiresAt: found.user.expiresAt,
        });
      return found;
    },
    () => now,
    stands,
  );
  if (!usable(session, user, claims.userID, now) || !user) throw invalidToken();
  return {
    type: user.kind === "anonymous" ? "anonymous" : "user",
    properties: { userID: user.userID, sessionID: claims.sessionID },
  };
}

/** Forget what this instance verified of `userID`'s sessions: its standing changed (an upgrade, a new password). */
export function forgetUser(userID: string): void {
  verified.invalidateIf((found) => found.user?.userID === userID);
}

/** The stored session (strongly consistent), for identity code. */
export async function getItem(sessionID: string): Promise<SessionItem | undefined> {
  return (await sessions.get({ sessionID }).go({ consistent: true })).data ?? undefined;
}

/** Until when (epoch ms) this session may set a new password without the current one; null: never. */
export function passwordResetUntil(session: SessionItem | undefined, now: Date): number | null {
  if (session?.method !== "magic-link") return null;
  const until = session.createdAt + RESET_WINDOW_SECONDS * 1000;
  return until > now.getTime() ? until : null;
}

/** The caller's own session: how it was opened and whether it may reset the password now. */
export async function current(now: Date = systemClock()): Promise<Current> {
  const { sessionID } = Actor.assert("user", "anonymous").properties;
  const session = await getItem(sessionID);
  return {
    id: sessionID,
    method: session?.method ?? null,
    passwordResetUntil: passwordResetUntil(session, now),
  };
}

/**
 * A sign-in from a browser that was a guest leaves the guest identity behind: its session ends (the guest
 * itself expires later unless it owns something). A no-op for any other caller.
 */
export async function endGuest(now: Date = systemClock()): Promise<void> {
  const actor = Actor.use();
  if (actor.type === "anonymous") await revoke(actor.properties.sessionID, now);
}
