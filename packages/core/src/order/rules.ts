import Decimal from "decimal.js";
import * as z from "zod";
import * as Partner from "../partner";
import * as Ticker from "../ticker";
import * as User from "../user";
import { TtlCache } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import { fn } from "../util/fn";
import { orderRules } from "./entities";

/** A partner's validation rules, set by admins. */
export const Side = z.enum(["buy", "sell"]);
export const Type = z.enum(["market", "limit", "stop"]);

/** A plain positive decimal: digits, optional fraction; no sign, no exponent. */
export const DECIMAL = /^\d{1,18}(?:\.\d{1,12})?$/;

export const Rules = z.object({
  symbols: z
    .array(Ticker.SymbolInput)
    .max(500)
    .nullable()
    .describe("the symbols this partner may trade; null: any listed symbol"),
  maxQuantity: z
    .number()
    .int()
    .positive()
    .nullable()
    .describe("largest quantity of one order; null: no limit"),
  maxNotional: z
    .string()
    .regex(DECIMAL, "a plain decimal such as 250000.50")
    .nullable()
    .describe("largest quantity × price of one order; null: no limit"),
  types: z.array(Type).min(1).describe("allowed order types"),
  sides: z.array(Side).min(1).describe("allowed sides"),
});
export type Rules = z.infer<typeof Rules>;

export const RulesInfo = Rules.extend({ updatedAt: z.number().nullable() });
export type RulesInfo = z.infer<typeof RulesInfo>;

export const DEFAULT: Rules = {
  symbols: null,
  maxQuantity: null,
  maxNotional: null,
  types: ["market", "limit", "stop"],
  sides: ["buy", "sell"],
};

/** The rules a partner's events are checked against (no rights check: ingestion and readers call it). */
export async function load(partnerID: string): Promise<RulesInfo> {
  const item = (await orderRules.get({ partnerID }).go({ consistent: true })).data;
  if (!item) return { ...DEFAULT, updatedAt: null };
  return {
    symbols: item.symbols ?? null,
    maxQuantity: item.maxQuantity ?? null,
    maxNotional: item.maxNotional ?? null,
    types: item.types as Rules["types"],
    sides: item.sides as Rules["sides"],
    updatedAt: item.updatedAt,
  };
}

/**
 * The rules as ingestion checks them: remembered RULES_MS on this instance, since a feed would otherwise
 * read them with every request. A change through this instance takes effect at once (`put` drops the
 * entry); one made through another instance within RULES_MS.
 */
export const RULES_MS = 5_000;
const remembered = new TtlCache<RulesInfo>("order-rules", RULES_MS);

export function cached(partnerID: string, now: Clock = systemClock): Promise<RulesInfo> {
  return remembered.get(partnerID, () => load(partnerID), now);
}

/** The rules, for the partner's key, its operators and admins. */
export async function get(partnerID: string): Promise<RulesInfo> {
  await Partner.assertReader(partnerID);
  return load(partnerID);
}

const PutInput = z.object({ partnerID: z.string().min(1).max(64), rules: Rules });

/** Sets a partner's rules (admins). Every symbol listed must be a known ticker (400 otherwise). */
export const put = /* @__PURE__ */ fn(
  PutInput,
  async ({ partnerID, rules }, now: Clock = systemClock): Promise<RulesInfo> => {
    const by = await User.assertAdmin();
    await Partner.get(partnerID);
    if (rules.symbols) Ticker.assertKnown(rules.symbols);
    const symbols = rules.symbols ? [...new Set(rules.symbols)] : undefined;
    const maxNotional = rules.maxNotional ? new Decimal(rules.maxNotional).toFixed() : undefined;
    const updatedAt = now().getTime();
    await orderRules
      .put({
        partnerID,
        symbols,
        maxQuantity: rules.maxQuantity ?? undefined,
        maxNotional,
        types: [...new Set(rules.types)],
        sides: [...new Set(rules.sides)],
        updatedAt,
        updatedBy: by,
      })
      .go();
    remembered.invalidate(partnerID);
    return load(partnerID);
  },
);
