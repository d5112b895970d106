export * as User from "./index";

import type { EntityItem } from "electrodb";
import { ulid } from "ulid";
import * as z from "zod";
import * as Actor from "../actor";
import { ENTITY_ATTRIBUTE, ignoreConditionalFailure, isConditionalFailure } from "../dynamo";
import { getAll } from "../dynamo/batch";
import { action, type TransactItem, transact } from "../dynamo/transaction";
import { ConflictError, ForbiddenError, NotFoundError } from "../error";
import * as Upload from "../upload";
import { readThrough, TtlCache } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import { fn } from "../util/fn";
import { admins, userGuards, users } from "./entities";

/** Words that cannot be handles: routes of the app and names that would mislead. */
export const RESERVED_HANDLES = new Set([
  "about",
  "account",
  "admin",
  "administrator",
  "api",
  "app",
  "auth",
  "billing",
  "bourse",
  "calc",
  "docs",
  "explore",
  "feed",
  "help",
  "home",
  "login",
  "logout",
  "magic",
  "markets",
  "me",
  "moderator",
  "new",
  "notifications",
  "null",
  "outbox",
  "partners",
  "posts",
  "price_data",
  "root",
  "search",
  "security",
  "settings",
  "signup",
  "staff",
  "static",
  "status",
  "support",
  "system",
  "undefined",
  "users",
  "www",
]);

export const Handle = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{3,30}$/, "3 to 30 letters, digits or _")
  .refine((h) => !RESERVED_HANDLES.has(h), "this handle is reserved")
  .describe("3–30 of a-z, 0-9 and _, case-insensitive");

export const EmailAddress = z.string().trim().toLowerCase().pipe(z.email().max(254));

export const DisplayName = z.string().trim().min(1).max(50);
export const Bio = z.string().trim().max(300);

/** What anyone may see of a user. */
export const Profile = z.object({
  id: z.string(),
  kind: z.enum(["anonymous", "member"]),
  handle: z.string().nullable(),
  displayName: z.string(),
  bio: z.string(),
  avatarKey: z.string().nullable(),
  followersCount: z.number(),
  followingCount: z.number(),
  postsCount: z.number(),
  createdAt: z.number().describe("epoch milliseconds"),
});
export type Profile = z.infer<typeof Profile>;

/** What the user sees of themself. */
export const Info = Profile.extend({
  email: z.string().nullable(),
  role: z.enum(["user", "admin"]),
  hasPassword: z.boolean(),
});
export type Info = z.infer<typeof Info>;

export type Item = EntityItem<typeof users>;

export function toInfo(item: Item): Info {
  return {
    ...toProfile(item),
    email: item.email ?? null,
    role: item.role,
    hasPassword: Boolean(item.passwordHash),
  };
}

export function toProfile(item: Item): Profile {
  return {
    id: item.userID,
    kind: item.kind,
    handle: item.handle ?? null,
    displayName: item.displayName ?? (item.kind === "anonymous" ? "Guest" : (item.handle ?? "")),
    bio: item.bio ?? "",
    avatarKey: item.avatarKey ?? null,
    followersCount: item.followersCount,
    followingCount: item.followingCount,
    postsCount: item.postsCount,
    createdAt: item.createdAt,
  };
}

/** The stored item, passwordHash included: for identity code only, never for a response. */
export async function getItem(userID: string): Promise<Item | undefined> {
  const result = await users.get({ userID }).go({ consistent: true });
  return result.data ?? undefined;
}

/** The user item's primary key, for a read that batches it with other contexts' items (dynamo/batch). */
export function keyOf(userID: string): Record<string, unknown> {
  return users.get({ userID }).params().Key;
}

/** A raw item of such a read as the stored user, or undefined when it is not a user item. */
export function parseItem(raw: Record<string, unknown>): Item | undefined {
  if (raw[ENTITY_ATTRIBUTE] !== users.schema.model.entity) return undefined;
  return users.parse({ Item: raw }).data ?? undefined;
}

export async function get(userID: string): Promise<Info | undefined> {
  const item = await getItem(userID);
  return item && toInfo(item);
}

/**
 * The caller must be an admin user (role read fresh from the table, so a demotion takes effect at once) or
 * system code; anyone else is refused (401 without an actor, 403 otherwise). Returns who it is, for audits.
 */
export async function assertAdmin(): Promise<string> {
  const actor = Actor.assert("user", "system");
  if (actor.type === "system") return `system:${actor.properties.source}`;
  const user = await getItem(actor.properties.userID);
  if (user?.role !== "admin") throw new ForbiddenError("Only administrators can do this");
  return actor.properties.userID;
}

/** The user holding a guard (email or handle), by a strongly consistent read of the guard. */
async function holderOf(kind: "email" | "handle", value: string): Promise<Item | undefined> {
  const guard = await userGuards.get({ kind, value }).go({ consistent: true });
  return guard.data ? getItem(guard.data.userID) : undefined;
}

export async function getItemByEmail(email: string): Promise<Item | undefined> {
  const parsed = EmailAddress.safeParse(email);
  return parsed.success ? holderOf("email", parsed.data) : undefined;
}

export async function fromHandle(handle: string): Promise<Profile> {
  const parsed = Handle.safeParse(handle);
  const item = parsed.success ? await holderOf("handle", parsed.data) : undefined;
  if (!item) throw new NotFoundError(`No user @${handle}`);
  return toProfile(item);
}

/** The user id behind a handle, or NotFound. */
export async function idOf(handle: string): Promise<string> {
  return (await fromHandle(handle)).id;
}

/** A guest who never signs up and owns nothing is removed after this long without activity (TTL). */
export const GUEST_TTL_SECONDS = 30 * 86_400;
const guestExpiry = (at: number) => Math.floor(at / 1000) + GUEST_TTL_SECONDS;

/** A new guest, removed after 30 days of inactivity unless it signs up or is kept (see `keep`). */
export async function createAnonymous(now = systemClock().getTime()): Promise<Info> {
  const item = await users
    .create({
      userID: ulid(now),
      kind: "anonymous",
      createdAt: now,
      updatedAt: now,
      lastActiveAt: now,
      expiresAt: guestExpiry(now),
    })
    .go();
  return toInfo(item.data);
}

/**
 * Keeps a guest for good: clears its inactivity TTL. Every domain that lets a guest own something (a post,
 * a watchlist, an upload, ...) must call this BEFORE writing the owned item, so a guest is never removed
 * while something of theirs remains. A member has no TTL (a no-op). A user already gone is NotFound: the
 * caller must then not write. Its sessions are unusable once the user item is gone (Session.authenticate).
 */
export async function keep(userID: string): Promise<void> {
  try {
    await users.patch({ userID }).remove(["expiresAt"]).go();
  } catch (error) {
    if (isConditionalFailure(error)) throw new NotFoundError("No such user");
    throw error;
  }
}

const MemberFields = z.object({
  email: EmailAddress,
  handle: Handle,
  displayName: DisplayName,
  passwordHash: z.string().min(1),
});

const CreateMemberInput = MemberFields.extend({
  upgradeFrom: z.string().optional(),
  /** When the password was set (epoch ms; default now): sessions verified before it are not accepted. */
  at: z.number().int().positive().optional(),
});

/**
 * A new member, or an anonymous user turned member (same id: everything it owns stays its own). Email and
 * handle guards and the user are written in one transaction.
 */
export const createMember = /* @__PURE__ */ fn(CreateMemberInput, async ({ upgradeFrom, at, ...fields }) => {
  const userID = upgradeFrom ?? ulid();
  const now = at ?? systemClock().getTime();
  const outcome = await transact([
    action(userGuards.create({ kind: "email", value: fields.email, userID })),
    action(userGuards.create({ kind: "handle", value: fields.handle, userID })),
    upgradeFrom
      ? action(
          users
            .patch({ userID })
            .set({ ...fields, kind: "member", updatedAt: now, passwordChangedAt: now })
            // A member is never removed for inactivity.
            .remove(["expiresAt"])
            .where((a, op) => op.eq(a.kind, "anonymous")),
        )
      : action(users.create({ userID, kind: "member", ...fields, passwordChangedAt: now })),
  ]);
  if (!outcome.ok) throw conflictOf(outcome.codes, ["email", "handle", upgradeFrom ? "upgrade" : "user"]);
  authors.invalidate(userID); // a guest's name becomes the member's
  const item = await getItem(userID);
  if (!item) throw new NotFoundError("User vanished during sign-up");
  return toInfo(item);
});

/** A cancelled transaction's reasons, in the order of its items, mapped to a 409 naming the culprit. */
function conflictOf(codes: string[], parts: string[]): Error {
  const at = codes.findIndex((code) => code !== "None");
  const part = parts[at];
  if (codes[at] !== "ConditionalCheckFailed")
    return new ConflictError("conflict", "Another change to this account was in progress; try again");
  if (part === "email") return new ConflictError("email_taken", "An account with this email already exists");
  if (part === "handle") return new ConflictError("handle_taken", "This handle is taken");
  if (part === "upgrade") return new ConflictError("already_member", "This account is already a member");
  return new ConflictError("conflict", "The profile changed meanwhile; try again");
}

export const Patch = z
  .object({ displayName: DisplayName, bio: Bio, handle: Handle, avatarKey: z.string().max(300).nullable() })
  .partial()
  .strict();

/**
 * The caller's own profile. A handle change swaps guards in the same transaction as the user, so the old
 * handle is free and the new one taken atomically.
 */
export const update = /* @__PURE__ */ fn(Patch, async (patch) => {
  // A guest may name itself (that stays through the upgrade); a handle and an avatar are for members.
  const actor = Actor.assert("user", "anonymous");
  const { userID } = actor.properties;
  if (actor.type === "anonymous" && (patch.handle !== undefined || patch.avatarKey !== undefined))
    throw new ForbiddenError("Sign up to choose a handle or an avatar");
  const current = await getItem(userID);
  if (!current) throw new NotFoundError("No such user");
  const { handle, avatarKey, ...rest } = patch;
  // The avatar must be an image this user uploaded for that purpose, claimed once; the old one is deleted.
  // What is stored is the claim's own media/ key, which no upload form can rewrite.
  const claimedKey =
    avatarKey && avatarKey !== current.avatarKey
      ? (await Upload.claim({ key: avatarKey, purpose: "avatar" })).key
      : avatarKey;
  const set = {
    ...rest,
    updatedAt: systemClock().getTime(),
    ...(claimedKey ? { avatarKey: claimedKey } : {}),
  };
  // ElectroDB refuses an empty remove list, so only clear the avatar when asked to.
  const clear = <T extends { remove: (a: "avatarKey"[]) => T }>(op: T) =>
    avatarKey === null ? op.remove(["avatarKey"]) : op;
  if (handle && handle !== current.handle) {
    const outcome = await transact([
      action(userGuards.create({ kind: "handle", value: handle, userID })),
      ...(current.handle
        ? [
            action(
              userGuards
                .delete({ kind: "handle", value: current.handle })
                .where((a, op) => op.eq(a.userID, userID)),
            ),
          ]
        : []),
      action(
        clear(users.patch({ userID }).set({ ...set, handle })).where((a, op) =>
          op.eq(a.handle, current.handle ?? ""),
        ),
      ),
    ]);
    if (!outcome.ok) throw conflictOf(outcome.codes, ["handle", "user", "user"]);
  } else {
    await clear(users.patch({ userID }).set(set)).go();
  }
  authors.invalidate(userID);
  if (current.avatarKey && avatarKey !== undefined && avatarKey !== current.avatarKey)
    await Upload.removeObject(current.avatarKey);
  return (await get(userID)) as Info;
});

export async function setPasswordHash(userID: string, passwordHash: string, at = systemClock().getTime()) {
  await users.patch({ userID }).set({ passwordHash, passwordChangedAt: at, updatedAt: at }).go();
}

/**
 * A new password, as one item of a transaction the caller runs (Auth.changePassword commits it with the
 * session's re-verification): cancelled with ConditionalCheckFailed when the hash is no longer `from`.
 */
export function passwordChange(
  userID: string,
  change: { from: string | undefined; to: string; at: number },
): TransactItem {
  return action(
    users
      .patch({ userID })
      .set({ passwordHash: change.to, passwordChangedAt: change.at, updatedAt: change.at })
      .where((a, op) => op.eq(a.passwordHash, change.from ?? "")),
  );
}

/**
 * The same password under a stronger hash: `passwordChangedAt` stays, so no session ends. Left as it is
 * when the hash changed meanwhile (a password change wins).
 */
export async function rehashPassword(userID: string, change: { from: string; to: string }): Promise<void> {
  await ignoreConditionalFailure(
    users
      .patch({ userID })
      .set({ passwordHash: change.to })
      .where((a, op) => op.eq(a.passwordHash, change.from))
      .go(),
  );
}

/**
 * Make a user an administrator, or a plain user again. System code only (scripts/make-admin.ts): no request
 * path can grant a role.
 */
export async function setRole(userID: string, role: "user" | "admin"): Promise<Info> {
  Actor.assert("system");
  try {
    await users.patch({ userID }).set({ role, updatedAt: systemClock().getTime() }).go();
  } catch (error) {
    if (isConditionalFailure(error)) throw new NotFoundError("No such user");
    throw error;
  }
  if (role === "admin") await admins.put({ userID }).go();
  else await admins.delete({ userID }).go();
  return (await get(userID)) as Info;
}

/** The email addresses of every administrator (for operational mail such as alarms). */
export async function adminEmails(): Promise<string[]> {
  const marks = (await admins.query.primary({}).go({ pages: "all" })).data;
  const found = await profilesOf(marks.map((m) => m.userID));
  return found.filter((u) => u.role === "admin" && u.email).map((u) => u.email as string);
}

/**
 * Remember activity, at most once an hour per user (the feed skips users inactive for 30 days). A guest's
 * TTL (`expiresAt`, pass the item's) moves to 30 days from now, only while it is still set: a `keep` or a
 * sign-up that cleared it meanwhile is never undone.
 */
export async function touch(
  userID: string,
  lastActiveAt: number,
  now = systemClock().getTime(),
  guest: { expiresAt?: number } = {},
) {
  if (now - lastActiveAt < 3_600_000) return;
  // A refused patch means the user is gone (or, for the TTL, no longer a guest): nothing to remember.
  if (guest.expiresAt !== undefined) {
    const pushed = await ignoreConditionalFailure(
      users
        .patch({ userID })
        .set({ lastActiveAt: now, expiresAt: guestExpiry(now) })
        .where((a, op) => op.exists(a.expiresAt))
        .go(),
    );
    if (pushed) return;
  }
  await ignoreConditionalFailure(users.patch({ userID }).set({ lastActiveAt: now }).go());
}

/** Delete a user and free its email and handle. Their sessions stop working at once (the user is gone). */
export async function remove(userID: string) {
  const item = await getItem(userID);
  if (!item) return;
  await transact([
    action(users.delete({ userID })),
    ...(item.email ? [action(userGuards.delete({ kind: "email", value: item.email }))] : []),
    ...(item.handle ? [action(userGuards.delete({ kind: "handle", value: item.handle }))] : []),
  ]);
  authors.invalidate(userID);
}

/** Profiles by id, read in batches until complete (never a partial answer); deleted users are absent. */
export async function profiles(ids: string[]): Promise<Map<string, Profile>> {
  const found = await profilesOf(ids);
  return new Map(found.map((item) => [item.userID, toProfile(item)]));
}

/**
 * Profiles as authors are shown (posts in a feed, a new post), per instance for 60 s: this instance's own
 * profile changes (update, sign-up, removal) drop the entry at once; one made elsewhere shows within
 * AUTHORS_MS. Only present users are kept. Filled by Post.hydrate's one BatchGet (`readThrough`) or by
 * `cachedProfiles`; counts in them may lag (authors show none).
 */
export const AUTHORS_MS = 60_000;
export const authors = new TtlCache<Profile>("authors", AUTHORS_MS);

/** Profiles by id through the authors cache (one batched read of those it misses). */
export async function cachedProfiles(ids: string[], now: Clock = systemClock): Promise<Map<string, Profile>> {
  const read = await readThrough(
    { authors: { cache: authors, keys: ids } },
    async (missing) => ({ authors: await profiles(missing.authors) }),
    now,
  );
  return read.authors;
}

function profilesOf(ids: string[]): Promise<Item[]> {
  return getAll(
    [...new Set(ids)].map((userID) => ({ userID })),
    (keys) => users.get(keys).go(),
  );
}

/** What the home feed decides on: when a user was last active and how many follow them. */
export interface Standing {
  userID: string;
  lastActiveAt: number;
  followersCount: number;
}

/** Standings by id, in batches of 100 read until complete; deleted users are absent. */
export async function standings(ids: string[], options: { consistent?: boolean } = {}) {
  const found = await getAll(
    [...new Set(ids)].map((userID) => ({ userID })),
    (keys) =>
      users.get(keys).go({
        attributes: ["userID", "lastActiveAt", "followersCount"],
        consistent: options.consistent,
        concurrency: 8,
      }),
  );
  return new Map(found.map((u) => [u.userID, u as Standing]));
}

export type CountField = "postsCount" | "followersCount" | "followingCount";

/**
 * The transaction action that moves a user's social counters (the social counter subscriber's, only); it
 * requires the user to exist, so a deleted user's counters are not resurrected.
 */
export function addCounts(userID: string, add: Partial<Record<CountField, number>>): TransactItem {
  return action(users.patch({ userID }).add(add));
}
