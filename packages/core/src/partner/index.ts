export * as Partner from "./index";

import { randomBytes } from "node:crypto";
import type { EntityItem } from "electrodb";
import { ulid } from "ulid";
import * as z from "zod";
import * as Actor from "../actor";
import { AuthError } from "../auth/errors";
import { newSecret, sha256 } from "../auth/secret";
import { ignoreConditionalFailure } from "../dynamo";
import { ForbiddenError, NotFoundError } from "../error";
import * as User from "../user";
import { TtlCache } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import { encodeCursor } from "../util/cursor";
import { fn } from "../util/fn";
import { fromCursor } from "../util/page";
import { apiKeys, operators, partners } from "./entities";

/**
 * Brokerage partners and their API keys. Admins (users with role "admin", or system code such as scripts)
 * create partners and keys; a key is shown once (`bk_<prefix>_<secret>`), stored only as its SHA-256, and
 * authenticates a partner through the `x-api-key` header.
 */
export const Info = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number().describe("epoch milliseconds"),
});
export type Info = z.infer<typeof Info>;

export const KeyInfo = z.object({
  id: z.string(),
  prefix: z.string().describe("the visible start of the key: bk_<prefix>_…"),
  createdAt: z.number().describe("epoch milliseconds"),
  revokedAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
});
export type KeyInfo = z.infer<typeof KeyInfo>;

export const CreatedKey = z.object({
  id: z.string(),
  prefix: z.string(),
  key: z.string().describe("the whole key: shown this once, never again"),
  createdAt: z.number(),
});
export type CreatedKey = z.infer<typeof CreatedKey>;

/** A partner's id as callers pass it (path segments, bodies): what every partner and order input takes. */
export const PartnerID = z.string().min(1).max(64);

function toInfo(item: EntityItem<typeof partners>): Info {
  return { id: item.partnerID, name: item.name, createdAt: item.createdAt };
}

const CreateInput = z.object({ name: z.string().trim().min(1).max(100) });

export const create = /* @__PURE__ */ fn(CreateInput, async ({ name }, now: Clock = systemClock) => {
  const by = await User.assertAdmin();
  const item = await partners
    .create({ partnerID: ulid(), name, createdAt: now().getTime(), createdBy: by })
    .go();
  return toInfo(item.data);
});

/** A partner, for admins or for the partner itself. */
export const get = /* @__PURE__ */ fn(PartnerID, async (partnerID) => {
  const actor = Actor.use();
  if (actor.type !== "partner" || actor.properties.partnerID !== partnerID) await User.assertAdmin();
  const item = (await partners.get({ partnerID }).go({ consistent: true })).data;
  if (!item) throw new NotFoundError("No such partner");
  return toInfo(item);
});

export const ListInput = z.object({
  cursor: z.string().optional().describe("the `cursor` of the previous page (opaque)"),
  limit: z.number().int().min(1).max(100).default(50),
});
const parseList = /* @__PURE__ */ fn(ListInput, (valid) => valid);

/** Every partner, oldest first, a page at a time (admins). */
export async function list(
  input: z.input<typeof ListInput> = {},
): Promise<{ items: Info[]; cursor: string | null }> {
  const { cursor, limit } = parseList(input);
  await User.assertAdmin();
  const page = await fromCursor(cursor, (raw) => partners.query.all({}).go({ limit, cursor: raw }));
  return { items: page.data.map(toInfo), cursor: encodeCursor(page.cursor) };
}

const PREFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
function newPrefix(): string {
  return Array.from(randomBytes(8), (b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join("");
}
const KEY_FORMAT = /^bk_([a-z2-9]{8})_([\w-]{43})$/;

/** A new key for a partner. The whole key is in this answer only. */
export const createKey = /* @__PURE__ */ fn(
  PartnerID,
  async (partnerID, now: Clock = systemClock): Promise<CreatedKey> => {
    const by = await User.assertAdmin();
    const partner = (await partners.get({ partnerID }).go({ consistent: true })).data;
    if (!partner) throw new NotFoundError("No such partner");
    const prefix = newPrefix();
    const key = `bk_${prefix}_${newSecret()}`;
    const item = await apiKeys
      .create({
        keyHash: sha256(key),
        keyID: ulid(),
        partnerID,
        prefix,
        createdAt: now().getTime(),
        createdBy: by,
      })
      .go();
    return { id: item.data.keyID, prefix, key, createdAt: item.data.createdAt };
  },
);

function toKeyInfo(item: EntityItem<typeof apiKeys>): KeyInfo {
  return {
    id: item.keyID,
    prefix: item.prefix,
    createdAt: item.createdAt,
    revokedAt: item.revokedAt ?? null,
    lastUsedAt: item.lastUsedAt ?? null,
  };
}

/** A partner's keys, without secrets, newest first. */
export const listKeys = /* @__PURE__ */ fn(PartnerID, async (partnerID): Promise<KeyInfo[]> => {
  await User.assertAdmin();
  const items = (await apiKeys.query.byPartner({ partnerID }).go({ pages: "all", order: "desc" })).data;
  return items.map(toKeyInfo);
});

const RevokeInput = z.object({ partnerID: PartnerID, keyID: z.string().min(1).max(64) });
const parseRevoke = /* @__PURE__ */ fn(RevokeInput, (valid) => valid);

/** Revokes a key of this partner (idempotent); a key of another partner is NotFound. */
export async function revokeKey(partnerID: string, keyID: string, now: Clock = systemClock): Promise<void> {
  const input = parseRevoke({ partnerID, keyID });
  await User.assertAdmin();
  const item = (await apiKeys.query.byPartner(input).go()).data[0];
  if (!item) throw new NotFoundError("No such key");
  await ignoreConditionalFailure(
    apiKeys
      .patch({ keyHash: item.keyHash })
      .set({ revokedAt: now().getTime() })
      .where((a, op) => `${op.eq(a.partnerID, input.partnerID)} AND ${op.notExists(a.revokedAt)}`)
      .go(),
  );
  verified.invalidate(item.keyHash);
}

/**
 * Keys verified in the last few seconds on this instance: a feed sends its key with every request, and
 * reading the key each time would be a table read per request. A revocation through this instance takes
 * effect at once; one made elsewhere within VERIFIED_MS. Unknown and revoked keys are not kept.
 */
export const VERIFIED_MS = 5_000;
type KeyItem = EntityItem<typeof apiKeys>;
const verified = new TtlCache<KeyItem | null>("api-keys", VERIFIED_MS);

/** The partner actor for an `x-api-key` value; unknown, malformed or revoked → `invalid_api_key`. */
export async function authenticate(
  apiKey: string | null | undefined,
  now: Clock = systemClock,
): Promise<Extract<Actor.Info, { type: "partner" }>> {
  const invalid = () => new AuthError("invalid_api_key", "Invalid or revoked API key");
  if (typeof apiKey !== "string" || !KEY_FORMAT.test(apiKey)) throw invalid();
  const keyHash = sha256(apiKey);
  const usable = (found: KeyItem | null) => found !== null && found.revokedAt === undefined;
  const item = await verified.get(
    keyHash,
    async () => (await apiKeys.get({ keyHash }).go({ consistent: true })).data,
    now,
    usable,
  );
  if (!item || !usable(item)) throw invalid();
  // Remember use at most once a minute: a busy feed should not turn every request into a write.
  const at = now().getTime();
  if (!item.lastUsedAt || at - item.lastUsedAt > 60_000) {
    // Marked on the kept entry itself (not `set`): a revocation racing this write stays dropped.
    item.lastUsedAt = at;
    await ignoreConditionalFailure(apiKeys.patch({ keyHash }).set({ lastUsedAt: at }).go());
  }
  return { type: "partner", properties: { partnerID: item.partnerID, keyID: item.keyID } };
}

export const OperatorInfo = z.object({
  userID: z.string(),
  handle: z.string().nullable(),
  displayName: z.string().nullable(),
  createdAt: z.number().describe("epoch milliseconds"),
});
export type OperatorInfo = z.infer<typeof OperatorInfo>;

const OperatorInput = z.object({ partnerID: PartnerID, handle: z.string().trim().min(1).max(40) });

/** Links a member (by @handle) to a partner as an operator (admins; idempotent). */
export const addOperator = /* @__PURE__ */ fn(
  OperatorInput,
  async ({ partnerID, handle }, now: Clock = systemClock) => {
    const by = await User.assertAdmin();
    const partner = (await partners.get({ partnerID }).go({ consistent: true })).data;
    if (!partner) throw new NotFoundError("No such partner");
    const user = await User.fromHandle(handle.replace(/^@/, ""));
    await ignoreConditionalFailure(
      operators.create({ partnerID, userID: user.id, createdAt: now().getTime(), createdBy: by }).go(),
    );
    return { userID: user.id, handle: user.handle ?? null, displayName: user.displayName ?? null };
  },
);

/** Unlinks an operator (admins; idempotent). */
export async function removeOperator(partnerID: string, userID: string): Promise<void> {
  const input = parseRemoveOperator({ partnerID, userID });
  await User.assertAdmin();
  await operators.delete(input).go();
}
const RemoveOperatorInput = z.object({ partnerID: PartnerID, userID: z.string().min(1).max(64) });

const parseRemoveOperator = /* @__PURE__ */ fn(RemoveOperatorInput, (v) => v);

/** A partner's operators with their profiles (admins). */
export const listOperators = /* @__PURE__ */ fn(PartnerID, async (partnerID): Promise<OperatorInfo[]> => {
  await User.assertAdmin();
  const items = (await operators.query.primary({ partnerID }).go({ pages: "all" })).data;
  const profiles = await User.profiles(items.map((i) => i.userID));
  return items.map((i) => ({
    userID: i.userID,
    handle: profiles.get(i.userID)?.handle ?? null,
    displayName: profiles.get(i.userID)?.displayName ?? null,
    createdAt: i.createdAt,
  }));
});

/** The partners the calling member operates (their dashboards); admins see every partner through `list`. */
export async function mine(): Promise<Info[]> {
  const userID = Actor.member();
  const links = (await operators.query.byUser({ userID }).go({ pages: "all" })).data;
  const found = await Promise.all(
    links.map(async (l) => (await partners.get({ partnerID: l.partnerID }).go()).data),
  );
  return found.filter((p) => p !== null).map(toInfo);
}

/**
 * Who may read a partner's orders, errors and metrics: the partner's own key, its operators, admins.
 * A key of another partner, or a member who is neither, is forbidden.
 */
export const assertReader = /* @__PURE__ */ fn(PartnerID, async (partnerID): Promise<void> => {
  const actor = Actor.use();
  if (actor.type === "partner") {
    if (actor.properties.partnerID !== partnerID) throw new ForbiddenError("This key is for another partner");
    return;
  }
  if (actor.type === "user") {
    const link = await operators.get({ partnerID, userID: actor.properties.userID }).go({ consistent: true });
    if (link.data) return;
  }
  await User.assertAdmin();
});

/** Only the partner's own key may push its orders: no key → 401, another partner's key → 403. */
export function assertWriter(partnerID: string): void {
  const actor = Actor.assert("partner");
  if (actor.properties.partnerID !== partnerID) throw new ForbiddenError("This key is for another partner");
}
