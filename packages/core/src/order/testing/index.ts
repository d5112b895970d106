/** Test fixtures for order feeds: an admin, a partner with a key and rules, and order events. */
import { ulid } from "ulid";
import * as Actor from "../../actor";
import * as Partner from "../../partner";
import { as, member } from "../../social/testing";
import * as User from "../../user";
import * as Order from "..";
import { orders } from "../entities";
import type { Rules } from "../rules";

export async function admin() {
  const who = await member("Admin");
  await Actor.system("test", () => User.setRole(who.id, "admin"));
  return who;
}

export type PartnerActor = Awaited<ReturnType<typeof Partner.authenticate>>;

/** A new partner with one key (and rules, when given), and its actor. */
export async function partner(rules?: Partial<Rules>) {
  const by = await admin();
  const info = await as(by, () => Partner.create({ name: `Partner ${ulid().slice(-6)}` }));
  const key = await as(by, () => Partner.createKey(info.id));
  if (rules)
    await as(by, () => Order.setRules({ partnerID: info.id, rules: { ...Order.DEFAULT_RULES, ...rules } }));
  const actor = await Partner.authenticate(key.key);
  return { id: info.id, key: key.key, actor, admin: by };
}

/** A valid limit order event; `over` changes any field (undefined removes it). */
/** One event time for every fixture event, so a retry is the same content. */
const AT = new Date(Date.now() - 60_000).toISOString();

export function event(orderId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    orderId,
    symbol: "AAPL",
    side: "buy",
    quantity: 10,
    type: "limit",
    price: "187.25",
    eventTime: AT,
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

export function push(who: PartnerActor, body: unknown, sequencer?: InstanceType<typeof Order.Sequencer>) {
  return Actor.provide(who, () => Order.ingest(who.properties.partnerID, body, undefined, sequencer));
}

/** An order item as a stream record's NewImage would carry it (not written). */
export function orderItem(partnerID: string, orderId: string): Record<string, unknown> {
  return orders
    .create({
      partnerID,
      sequence: 1,
      orderId,
      symbol: "AAPL",
      side: "buy",
      quantity: 1,
      type: "market",
      eventTime: Date.now() - 2000,
      receivedAt: Date.now(),
    })
    .params().Item as Record<string, unknown>;
}
