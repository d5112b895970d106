import { createHash } from "node:crypto";
import Decimal from "decimal.js";
import * as z from "zod";
import * as Ticker from "../ticker";
import { DECIMAL, type Rules, Side, Type } from "./rules";

/**
 * One order event as partners send it, checked field by field into the reasons it is refused for (every
 * reason at once, so a partner fixes an event in one go), or into the order to number. Pure.
 */
export const Reason = z.enum([
  "missing_field",
  "bad_value",
  "unknown_symbol",
  "symbol_not_allowed",
  "quantity_too_large",
  "notional_too_large",
  "type_not_allowed",
  "event_in_future",
  "order_id_conflict",
]);
export type Reason = z.infer<typeof Reason>;

/** The event's shape, for the API contract (what `check` reads; it accepts anything and explains). */
export const Event = z.object({
  orderId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  symbol: Ticker.SymbolInput.describe("a listed symbol (Markets' exchange list)"),
  side: Side,
  quantity: z.number().int().positive(),
  type: Type,
  price: z
    .union([z.number().positive(), z.string().regex(DECIMAL)])
    .optional()
    .describe("a decimal; required unless the type is market"),
  eventTime: z.string().describe("ISO 8601 with a time zone, at most 5 minutes in the future"),
  clientRef: z.string().max(128).optional(),
});

export const FUTURE_MS = 5 * 60_000;
const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** ISO 8601 date and time with seconds optional, fraction optional, and a zone (Z or ±hh:mm). */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export interface Valid {
  orderId: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  type: "market" | "limit" | "stop";
  price?: string;
  eventTime: number;
  clientRef?: string;
  /** Of the content: a retry with the same content gets its sequence back, other content is a conflict. */
  hash: string;
}

export type Checked = { ok: true; order: Valid } | { ok: false; orderId: string | null; reasons: Reason[] };

/** Checks one event against the rules, at `receivedAt` (epoch ms). */
export function check(event: unknown, rules: Rules, receivedAt: number): Checked {
  const reasons = new Set<Reason>();
  const e = (typeof event === "object" && event !== null && !Array.isArray(event) ? event : {}) as Record<
    string,
    unknown
  >;
  if (e !== event) reasons.add("bad_value");
  const present = (name: string) => {
    if (e[name] === undefined || e[name] === null) {
      reasons.add("missing_field");
      return false;
    }
    return true;
  };
  const bad = () => reasons.add("bad_value");

  let orderId: string | null = null;
  if (present("orderId")) {
    if (typeof e.orderId === "string" && ORDER_ID.test(e.orderId)) orderId = e.orderId;
    else bad();
  }

  let symbol: string | undefined;
  if (present("symbol")) {
    const parsed = Ticker.SymbolInput.safeParse(e.symbol);
    if (!parsed.success) bad();
    else if (!Ticker.get(parsed.data)) reasons.add("unknown_symbol");
    else {
      symbol = parsed.data;
      if (rules.symbols && !rules.symbols.includes(symbol)) reasons.add("symbol_not_allowed");
    }
  }

  const side = present("side") ? Side.safeParse(e.side) : undefined;
  if (side && !side.success) bad();
  else if (side?.success && !rules.sides.includes(side.data)) reasons.add("type_not_allowed");

  const type = present("type") ? Type.safeParse(e.type) : undefined;
  if (type && !type.success) bad();
  else if (type?.success && !rules.types.includes(type.data)) reasons.add("type_not_allowed");

  let quantity: number | undefined;
  if (present("quantity")) {
    if (typeof e.quantity === "number" && Number.isSafeInteger(e.quantity) && e.quantity > 0) {
      quantity = e.quantity;
      if (rules.maxQuantity !== null && quantity > rules.maxQuantity) reasons.add("quantity_too_large");
    } else bad();
  }

  let price: Decimal | undefined;
  const needsPrice = !(type?.success && type.data === "market");
  if (e.price !== undefined && e.price !== null) {
    price = priceOf(e.price);
    if (!price) bad();
  } else if (needsPrice && type?.success) reasons.add("missing_field");
  if (
    price &&
    quantity !== undefined &&
    rules.maxNotional !== null &&
    price.times(quantity).gt(rules.maxNotional)
  )
    reasons.add("notional_too_large");

  let eventTime: number | undefined;
  if (present("eventTime")) {
    const at =
      typeof e.eventTime === "string" && ISO.test(e.eventTime) ? Date.parse(e.eventTime) : Number.NaN;
    if (Number.isNaN(at)) bad();
    else if (at > receivedAt + FUTURE_MS) reasons.add("event_in_future");
    else eventTime = at;
  }

  let clientRef: string | undefined;
  if (e.clientRef !== undefined && e.clientRef !== null) {
    if (typeof e.clientRef === "string" && e.clientRef.length <= 128) clientRef = e.clientRef;
    else bad();
  }

  if (reasons.size > 0 || !orderId || !symbol || !side?.success || !type?.success || !quantity || !eventTime)
    return { ok: false, orderId, reasons: Reason.options.filter((r) => reasons.has(r)) };
  const order: Omit<Valid, "hash"> = {
    orderId,
    symbol,
    side: side.data,
    quantity,
    type: type.data,
    ...(price ? { price: price.toFixed() } : {}),
    eventTime,
    ...(clientRef !== undefined ? { clientRef } : {}),
  };
  return { ok: true, order: { ...order, hash: hashOf(order) } };
}

function priceOf(value: unknown): Decimal | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? new Decimal(value) : undefined;
  if (typeof value === "string" && DECIMAL.test(value)) {
    const price = new Decimal(value);
    return price.gt(0) ? price : undefined;
  }
  return undefined;
}

/** A hash of the normalised content, fields in a fixed order. */
function hashOf(order: Omit<Valid, "hash">): string {
  const fields = [
    order.orderId,
    order.symbol,
    order.side,
    order.quantity,
    order.type,
    order.price ?? "",
    order.eventTime,
    order.clientRef ?? "",
  ];
  return createHash("sha256").update(JSON.stringify(fields)).digest("base64url").slice(0, 22);
}
