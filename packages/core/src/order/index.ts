export * as Order from "./index";

import type { EntityItem } from "electrodb";
import { monotonicFactory } from "ulid";
import * as z from "zod";
import { ttl } from "../dynamo";
import { writeItems } from "../dynamo/batch";
import { ValidationError } from "../error";
import * as Partner from "../partner";
import { type Clock, systemClock } from "../util/clock";
import { encodeCursor } from "../util/cursor";
import { fn } from "../util/fn";
import { paged } from "../util/page";
import { State as AlarmState, state as alarmState } from "./alarm";
import { orderErrors, orders } from "./entities";
import { type Checked, check, Reason } from "./event";
import { perMinute } from "./metrics";
import * as RuleBook from "./rules";
import { sequencer } from "./sequence";

export * as Alarm from "./alarm";
/**
 * Partner order feeds: a partner pushes order events with its API key; each is checked against the
 * partner's rules (rules.ts, event.ts), valid ones get the partner's next gap-free sequence number
 * (sequence.ts), refused ones go to an error log kept 30 days.
 */
export { Event, Reason } from "./event";
export * as OrderMetrics from "./metrics";
export { DEFAULT as DEFAULT_RULES, RULES_MS, Rules, RulesInfo, Side, Type } from "./rules";
export { Sequencer } from "./sequence";

export const MAX_EVENTS = 500;
/** Monotonic within a millisecond, so a batch's refusals keep their request order in the log. */
const errorID = monotonicFactory();
export const ERROR_DAYS = 30;

export const Result = z.discriminatedUnion("status", [
  z.object({ orderId: z.string(), status: z.literal("accepted"), sequence: z.number().int() }),
  z.object({ orderId: z.string().nullable(), status: z.literal("rejected"), reasons: z.array(Reason) }),
]);
export type Result = z.infer<typeof Result>;

export const Info = z.object({
  sequence: z.number().int(),
  orderId: z.string(),
  symbol: z.string(),
  side: RuleBook.Side,
  quantity: z.number().int(),
  type: RuleBook.Type,
  price: z.string().nullable(),
  eventTime: z.string().describe("ISO 8601"),
  clientRef: z.string().nullable(),
  receivedAt: z.number().describe("epoch milliseconds"),
});
export type Info = z.infer<typeof Info>;

export const ErrorInfo = z.object({
  id: z.string(),
  orderId: z.string().nullable(),
  reasons: z.array(Reason),
  event: z.string().describe("the event as sent (JSON, at most 2 KB)"),
  receivedAt: z.number().describe("epoch milliseconds"),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/** `{ events: [...] }` (1 to 500) or one event. */
function eventsOf(body: unknown): unknown[] {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new ValidationError("Send one event object, or { events: [...] }");
  if (!("events" in body)) return [body];
  const { events } = body as { events: unknown };
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_EVENTS)
    throw new ValidationError(`events: an array of 1 to ${MAX_EVENTS} events`, undefined, "bad_batch");
  return events;
}

/** Ingests a body of events for the calling partner (its own key only): results in request order. */
export async function ingest(
  partnerID: string,
  body: unknown,
  now: Clock = systemClock,
  numbering = sequencer,
): Promise<{ results: Result[] }> {
  Partner.assertWriter(partnerID);
  const events = eventsOf(body);
  const at = now();
  const receivedAt = at.getTime();
  const rules = await RuleBook.cached(partnerID, now);
  const checked: Checked[] = events.map((event) => check(event, rules, receivedAt));
  const valid = checked.flatMap((c) => (c.ok ? [c.order] : []));
  const outcomes = await numbering.number(partnerID, valid, receivedAt);
  let next = 0;
  const results: Result[] = checked.map((c): Result => {
    if (!c.ok) return { orderId: c.orderId, status: "rejected", reasons: c.reasons };
    const outcome = outcomes[next++];
    if (outcome?.status === "accepted")
      return { orderId: c.order.orderId, status: "accepted", sequence: outcome.sequence };
    return { orderId: c.order.orderId, status: "rejected", reasons: ["order_id_conflict"] };
  });
  const rejected = results.flatMap((r, i) => (r.status === "rejected" ? [{ r, event: events[i] }] : []));
  if (rejected.length)
    await writeItems(
      rejected.map(({ r, event }) => ({
        PutRequest: {
          Item: orderErrors
            .put({
              partnerID,
              receivedAt,
              errorID: errorID(receivedAt),
              orderId: r.orderId ?? undefined,
              reasons: r.status === "rejected" ? r.reasons : [],
              event: (JSON.stringify(event) ?? "null").slice(0, 2048),
              expiresAt: ttl(at, ERROR_DAYS),
            })
            .params().Item,
        },
      })),
      { parallel: 4 },
    );
  return { results };
}

const Time = z.iso.datetime({ offset: true }).describe("ISO 8601");
const Sequence = z.number().int().min(1);

export const ListInput = z
  .object({
    fromSeq: Sequence.optional().describe("first sequence number (inclusive)"),
    toSeq: Sequence.optional().describe("last sequence number (inclusive)"),
    from: Time.optional().describe("event time from (inclusive); not with fromSeq/toSeq"),
    to: Time.optional().describe("event time to (inclusive)"),
    order: z.enum(["asc", "desc"]).default("asc"),
    cursor: z.string().max(2048).optional().describe("the `cursor` of the previous page (opaque)"),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .refine((q) => !((q.from || q.to) && (q.fromSeq || q.toSeq)), "by sequence or by event time, not both");
export type ListInput = z.input<typeof ListInput>;
const ListArgs = z.object({ partnerID: Partner.PartnerID, query: ListInput });

const parseList = /* @__PURE__ */ fn(ListArgs, (valid) => valid);

export function toInfo(item: EntityItem<typeof orders>): Info {
  return {
    sequence: item.sequence,
    orderId: item.orderId,
    symbol: item.symbol,
    side: item.side,
    quantity: item.quantity,
    type: item.type,
    price: item.price ?? null,
    eventTime: new Date(item.eventTime).toISOString(),
    clientRef: item.clientRef ?? null,
    receivedAt: item.receivedAt,
  };
}

/** A partner's orders by sequence (fromSeq/toSeq) or by event time (from/to), a page at a time. */
export async function list(partnerID: string, query: ListInput = {}) {
  const input = parseList({ partnerID, query });
  await Partner.assertReader(input.partnerID);
  const q = input.query;
  const page = await paged({ cursor: q.cursor, limit: q.limit }, ({ limit, cursor }) => {
    const options = { limit, cursor, order: q.order } as const;
    if (q.from || q.to) {
      const from = q.from ? Date.parse(q.from) : 0;
      const to = q.to ? Date.parse(q.to) : 8.64e15;
      return orders.query
        .byEventTime({ partnerID })
        .between({ eventTime: from, sequence: 0 }, { eventTime: to, sequence: 999_999_999_999 })
        .go(options);
    }
    return orders.query
      .primary({ partnerID })
      .between({ sequence: q.fromSeq ?? 1 }, { sequence: q.toSeq ?? 999_999_999_999 })
      .go(options);
  });
  return { items: page.data.map(toInfo), cursor: encodeCursor(page.cursor) };
}

export const ErrorsInput = z.object({
  from: Time.optional().describe("received from (inclusive)"),
  to: Time.optional().describe("received up to (inclusive)"),
  order: z.enum(["asc", "desc"]).default("desc"),
  cursor: z.string().max(2048).optional().describe("the `cursor` of the previous page (opaque)"),
  limit: z.number().int().min(1).max(100).default(50),
});
export type ErrorsInput = z.input<typeof ErrorsInput>;
const ErrorsArgs = z.object({ partnerID: Partner.PartnerID, query: ErrorsInput });

const parseErrors = /* @__PURE__ */ fn(ErrorsArgs, (valid) => valid);

/** A partner's refused events by time received, newest first unless asked (kept 30 days). */
export async function errors(partnerID: string, query: ErrorsInput = {}, now: Clock = systemClock) {
  const input = parseErrors({ partnerID, query });
  await Partner.assertReader(input.partnerID);
  const q = input.query;
  const from = q.from ? Date.parse(q.from) : 0;
  const to = q.to ? Date.parse(q.to) : now().getTime() + 60_000;
  const page = await paged({ cursor: q.cursor, limit: q.limit }, ({ limit, cursor }) =>
    orderErrors.query
      .primary({ partnerID })
      .between({ receivedAt: from, errorID: "" }, { receivedAt: to, errorID: "~" })
      .go({ limit, cursor, order: q.order }),
  );
  // DynamoDB Local never expires TTL items (the platform sweeps them): what has expired is not shown.
  const nowSeconds = Math.floor(now().getTime() / 1000);
  return {
    items: page.data
      .filter((e) => e.expiresAt > nowSeconds)
      .map(
        (e): ErrorInfo => ({
          id: e.errorID,
          orderId: e.orderId ?? null,
          reasons: e.reasons as Reason[],
          event: e.event,
          receivedAt: e.receivedAt,
        }),
      ),
    cursor: encodeCursor(page.cursor),
  };
}

/** The partner's rules (its key, its operators, admins) and setting them (admins). */
export const rules = RuleBook.get;
export const setRules = RuleBook.put;

export const Dashboard = z.object({
  minutes: z.array(
    z.object({
      minute: z.string().describe("UTC minute, YYYY-MM-DDTHH:MM"),
      accepted: z.number(),
      rejected: z.number(),
      failureRate: z.number(),
      reasons: z.record(z.string(), z.number()),
    }),
  ),
  alarm: AlarmState,
});
export type Dashboard = z.infer<typeof Dashboard>;

export const DashboardInput = z.object({
  minutes: z.number().int().min(5).max(180).default(120).describe("how far back the charts go"),
});

/** Per-minute counts and the alarm, for a partner's dashboard (its readers). */
export async function dashboard(
  partnerID: string,
  input: z.input<typeof DashboardInput> = {},
  now: Clock = systemClock,
): Promise<Dashboard> {
  const { minutes } = parseDashboard(input);
  const alarm = await alarmState(partnerID);
  return { minutes: await perMinute(partnerID, minutes, now), alarm };
}
const parseDashboard = /* @__PURE__ */ fn(DashboardInput, (valid) => valid);
