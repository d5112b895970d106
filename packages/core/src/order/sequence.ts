import { backoff, getAll, RETRY, type RetryPolicy } from "../dynamo/batch";
import { action, MAX_ACTIONS, type TransactItem, transact } from "../dynamo/transaction";
import { orderCounters, orderGuards, orders } from "./entities";
import type { Valid } from "./event";

/**
 * Gap-free per-partner sequence numbers. Each transaction moves the partner's counter from the value it
 * read to that value + n (a conditional update) and writes the n orders numbered in that range with their
 * orderId guards: all of it happens or none of it, so a failure or a conflict can never leave a hole or a
 * duplicate, whichever process wrote. A refused transaction is retried with the counter read again.
 *
 * Within a process, a partner's orders queue up and a single loop commits them (up to 49 per transaction:
 * counter + order + guard each), so concurrent requests share transactions instead of fighting over the
 * counter; across processes, the counter's condition decides.
 */
export type Outcome = { status: "accepted"; sequence: number } | { status: "conflict" };

/** The counter, then an order and its guard per event. */
export const PER_TRANSACTION = Math.floor((MAX_ACTIONS - 1) / 2);

interface Pending {
  order: Valid;
  receivedAt: number;
  done: (outcome: Outcome) => void;
  fail: (error: unknown) => void;
}

export class ContentionError extends Error {
  constructor(partnerID: string) {
    super(`order numbering for ${partnerID}: still conflicting after every retry`);
    this.name = "ContentionError";
  }
}

export class Sequencer {
  private readonly queues = new Map<string, Pending[]>();
  private readonly running = new Set<string>();
  /** The counter as this process last wrote or read it: a stale value only costs one refused attempt. */
  private readonly last = new Map<string, number>();

  constructor(private readonly policy: RetryPolicy = { ...RETRY, attempts: 40 }) {}

  /** Numbers the orders in this order; a known orderId gets its sequence back, or `conflict`. */
  number(partnerID: string, batch: Valid[], receivedAt: number): Promise<Outcome[]> {
    const queue = this.queues.get(partnerID) ?? [];
    this.queues.set(partnerID, queue);
    const outcomes = batch.map(
      (order) => new Promise<Outcome>((done, fail) => queue.push({ order, receivedAt, done, fail })),
    );
    if (!this.running.has(partnerID)) void this.drain(partnerID, queue);
    return Promise.all(outcomes);
  }

  private async drain(partnerID: string, queue: Pending[]) {
    this.running.add(partnerID);
    while (queue.length > 0) {
      const chunk = take(queue);
      await this.commit(partnerID, chunk).catch((error: unknown) => {
        for (const p of chunk) p.fail(error);
      });
    }
    this.running.delete(partnerID);
  }

  private async commit(partnerID: string, chunk: Pending[]) {
    let left = chunk;
    for (let attempt = 0; left.length > 0; attempt++) {
      if (attempt >= this.policy.attempts) throw new ContentionError(partnerID);
      if (attempt > 1) await this.policy.sleep(backoff(attempt, this.policy));
      const last = this.last.get(partnerID) ?? (await readCounter(partnerID));
      const outcome = await transact(numbering(partnerID, last, left));
      if (outcome.ok) {
        this.last.set(partnerID, last + left.length);
        for (const [i, p] of left.entries()) p.done({ status: "accepted", sequence: last + 1 + i });
        return;
      }
      if (outcome.codes[0] !== "None") this.last.delete(partnerID);
      // A guard that exists: that orderId was numbered already (a retry, or a concurrent request).
      const known = left.filter((_, i) => outcome.codes[2 + 2 * i] === "ConditionalCheckFailed");
      if (known.length) {
        await resolveKnown(partnerID, known);
        left = left.filter((p) => !known.includes(p));
      }
    }
  }
}

/** The head of the queue, up to PER_TRANSACTION orders with distinct orderIds (one item per transaction). */
function take(queue: Pending[]): Pending[] {
  const ids = new Set<string>();
  let n = 0;
  while (n < queue.length && n < PER_TRANSACTION && !ids.has((queue[n] as Pending).order.orderId))
    ids.add((queue[n++] as Pending).order.orderId);
  return queue.splice(0, n);
}

async function readCounter(partnerID: string): Promise<number> {
  return (await orderCounters.get({ partnerID }).go({ consistent: true })).data?.last ?? 0;
}

/**
 * The transaction that numbers `pending` after `last`: the counter's move, then each order and its guard
 * (the bench sends the same items raw, so its baseline is this storage work).
 */
export function numbering(
  partnerID: string,
  last: number,
  pending: Pick<Pending, "order" | "receivedAt">[],
): TransactItem[] {
  return [
    advance(partnerID, last, pending.length),
    ...pending.flatMap((p, i) => write(partnerID, last + 1 + i, p)),
  ];
}

function advance(partnerID: string, from: number, by: number): TransactItem {
  return action(
    orderCounters
      .update({ partnerID })
      .set({ last: from + by })
      .where((a, op) => (from === 0 ? op.notExists(a.last) : op.eq(a.last, from))),
  );
}

function write(
  partnerID: string,
  sequence: number,
  { order, receivedAt }: Pick<Pending, "order" | "receivedAt">,
): TransactItem[] {
  const { hash, ...fields } = order;
  return [
    action(orders.create({ partnerID, sequence, receivedAt, ...fields })),
    action(orderGuards.create({ partnerID, orderId: order.orderId, sequence, hash })),
  ];
}

async function resolveKnown(partnerID: string, known: Pending[]) {
  const guards = await getAll(
    known.map((p) => ({ partnerID, orderId: p.order.orderId })),
    (keys) => orderGuards.get(keys).go({ consistent: true }),
  );
  const byId = new Map(guards.map((g) => [g.orderId, g]));
  for (const p of known) {
    const guard = byId.get(p.order.orderId);
    if (!guard) p.fail(new Error(`order guard ${p.order.orderId} refused the write but cannot be read`));
    else if (guard.hash === p.order.hash) p.done({ status: "accepted", sequence: guard.sequence });
    else p.done({ status: "conflict" });
  }
}

/** This process's sequencer. */
export const sequencer = new Sequencer();
