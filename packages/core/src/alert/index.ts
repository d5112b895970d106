export * as Alert from "./index";

import type { EntityItem } from "electrodb";
import { ulid } from "ulid";
import * as z from "zod";
import * as Actor from "../actor";
import { action, type TransactItem, transact } from "../dynamo/transaction";
import { ConflictError, NotFoundError } from "../error";
import * as Ticker from "../ticker";
import { type Clock, systemClock } from "../util/clock";
import { fn } from "../util/fn";
import { isID } from "../util/id";
import * as Watchlist from "../watchlist";
import { alertQuotas, alertRules } from "./entities";
import { COOLDOWN, Condition, MAX_RULES, Target } from "./rule";
import { retarget, targetWrites } from "./targets";

/**
 * Alert rules: a member watches a ticker or one of their watchlists for sentiment above/below a threshold
 * (last hour or day) or news volume above N an hour; at most 10 rules each. Rules mail the member's
 * address, so guests may not make them. The evaluator (`evaluate.ts`) fires them from new scores.
 */

export { evaluate, followWatchlist } from "./evaluate";
export { COOLDOWN, Condition, describe, holds, MAX_RULES, type Observed, Target } from "./rule";
export { unsubscribe } from "./unsubscribe";

export const Info = z.object({
  id: z.string(),
  target: Target,
  condition: Condition,
  symbols: z.array(z.string()).describe("the symbols watched now (a watchlist's follow its changes)"),
  cooldownMinutes: z.number().describe("after firing, the rule stays quiet this long"),
  enabled: z.boolean().describe("false once unsubscribed or switched off"),
  lastFiredAt: z.number().nullable().describe("epoch milliseconds; null before it first fired"),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Info = z.infer<typeof Info>;

const Cooldown = z.number().int().min(COOLDOWN.min).max(COOLDOWN.max);

export const Input = z.object({
  target: Target,
  condition: Condition,
  cooldownMinutes: Cooldown.default(COOLDOWN.default).describe(
    `${COOLDOWN.min} to ${COOLDOWN.max} minutes (default ${COOLDOWN.default})`,
  ),
  enabled: z.boolean().default(true),
});

export const Patch = z
  .object({
    target: Target.optional(),
    condition: Condition.optional(),
    cooldownMinutes: Cooldown.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), "give at least one field");

export type Item = EntityItem<typeof alertRules>;

export function toInfo(item: Item): Info {
  return {
    id: item.ruleID,
    target: Target.parse(item.target),
    condition: Condition.parse(item.condition),
    symbols: item.symbols,
    cooldownMinutes: item.cooldownMinutes,
    enabled: item.enabled,
    lastFiredAt: item.lastFiredAt ?? null,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

/** The target as stored (symbols upper-case) and the symbols it watches now; another owner's list is not found. */
async function resolve(target: Target, now: Clock): Promise<{ target: Target; symbols: string[] }> {
  if (target.kind === "ticker") {
    Ticker.assertKnown([target.symbol]);
    const { symbol } = Ticker.known(target.symbol);
    return { target: { kind: "ticker", symbol }, symbols: [symbol] };
  }
  const list = await Watchlist.get(target.watchlistID, now);
  return { target: { kind: "watchlist", watchlistID: list.id }, symbols: list.tickers };
}

export const create = /* @__PURE__ */ fn(Input, async (input, now: Clock = systemClock): Promise<Info> => {
  const ownerID = Actor.member();
  const { target, symbols } = await resolve(input.target, now);
  const at = now().getTime();
  const item: Item = {
    ownerID,
    ruleID: ulid(at),
    target,
    condition: input.condition,
    symbols,
    cooldownMinutes: input.cooldownMinutes,
    enabled: input.enabled,
    createdAt: at,
    updatedAt: at,
  };
  const outcome = await transact([
    action(
      alertQuotas
        .update({ ownerID })
        .add({ rules: 1 })
        .where((a, op) => `${op.notExists(a.rules)} OR ${op.lt(a.rules, MAX_RULES)}`),
    ),
    action(alertRules.create(item)),
    ...targetWrites(item, symbols, "put"),
  ]);
  if (!outcome.ok) {
    if (outcome.codes[0] === "ConditionalCheckFailed")
      throw new ConflictError("alert_limit", `At most ${MAX_RULES} alert rules: delete one to make another`);
    throw new ConflictError(
      "conflict",
      `The rule could not be saved (${outcome.codes.join(", ")}): try again`,
    );
  }
  return toInfo(item);
});

/** The caller's rules, oldest first. */
export async function list(): Promise<Info[]> {
  const ownerID = Actor.member();
  const result = await alertRules.query.primary({ ownerID }).go({ pages: "all", consistent: true });
  return result.data.map(toInfo);
}

async function owned(id: string): Promise<Item> {
  const ownerID = Actor.member();
  const item = isID(id)
    ? (await alertRules.get({ ownerID, ruleID: id }).go({ consistent: true })).data
    : null;
  if (!item) throw new NotFoundError("No such alert rule");
  return item;
}

export async function get(id: string): Promise<Info> {
  return toInfo(await owned(id));
}

const UpdateInput = z.object({ id: z.string(), patch: Patch });

export const update = /* @__PURE__ */ fn(
  UpdateInput,
  async ({ id, patch }, now: Clock = systemClock): Promise<Info> => {
    const current = await owned(id);
    const resolved = patch.target ? await resolve(patch.target, now) : undefined;
    const next: Item = {
      ...current,
      ...(resolved ?? {}),
      condition: patch.condition ?? current.condition,
      cooldownMinutes: patch.cooldownMinutes ?? current.cooldownMinutes,
      enabled: patch.enabled ?? current.enabled,
      updatedAt: Math.max(now().getTime(), current.updatedAt),
    };
    const writes: TransactItem[] = [
      action(
        alertRules
          .patch({ ownerID: current.ownerID, ruleID: current.ruleID })
          .set({
            target: next.target,
            condition: next.condition,
            symbols: next.symbols,
            cooldownMinutes: next.cooldownMinutes,
            enabled: next.enabled,
            updatedAt: next.updatedAt,
          })
          .where((a, op) => op.eq(a.updatedAt, current.updatedAt)),
      ),
    ];
    if (resolved) writes.push(...retarget(current, current.symbols, resolved.symbols));
    const outcome = await transact(writes);
    if (!outcome.ok)
      throw new ConflictError("conflict", "The rule was changed by another request meanwhile: try again");
    return toInfo(next);
  },
);

/** Deletes one of the caller's rules (hard: its firings expire on their own); frees a place under the limit. */
export async function remove(id: string): Promise<void> {
  const current = await owned(id);
  const outcome = await transact([
    action(
      alertRules
        .delete({ ownerID: current.ownerID, ruleID: current.ruleID })
        .where((a, op) => op.eq(a.updatedAt, current.updatedAt)),
    ),
    action(alertQuotas.update({ ownerID: current.ownerID }).add({ rules: -1 })),
    ...targetWrites(current, current.symbols, "delete"),
  ]);
  if (!outcome.ok)
    throw new ConflictError("conflict", "The rule was changed by another request meanwhile: try again");
}
