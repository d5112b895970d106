import { describe, expect, it } from "vitest";
import { sweepExpired } from "../../../../stacks/local/testing/sweep";
import * as Actor from "../actor";
import { ForbiddenError, UnauthorizedError, ValidationError } from "../error";
import * as Partner from "../partner";
import { as, member } from "../social/testing";
import * as Order from ".";
import { orderCounters, orderErrors, orderGuards, orderRules, orders } from "./entities";
import { event, partner, push } from "./testing";

async function stored(partnerID: string) {
  const items = (await orders.query.primary({ partnerID }).go({ pages: "all", consistent: true })).data;
  const counter = (await orderCounters.get({ partnerID }).go({ consistent: true })).data?.last ?? 0;
  return { items, counter };
}

describe("Order ingestion and sequence numbers", () => {
  it("numbers 50 concurrent batches over 4 processes 1..N with no gap, retries get their first sequence, nothing else is written", async () => {
    const p = await partner();
    // Earlier events, accepted before the storm; the storm retries some of them.
    const earlier = await push(p.actor, {
      events: Array.from({ length: 30 }, (_, i) => event(`early-${i}`)),
    });
    const first = new Map(
      earlier.results.map((r) => [r.orderId as string, r.status === "accepted" ? r.sequence : -1]),
    );
    expect([...first.values()]).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));

    const processes = Array.from({ length: 4 }, () => new Order.Sequencer());
    const bodies = Array.from({ length: 50 }, (_, r) => ({
      events: [
        ...Array.from({ length: 8 }, (_, i) => event(`r${r}-n${i}`)),
        event(`r${r}-bad`, { quantity: -1 }),
        event(`r${r}-nosym`, { symbol: "ZZZZZQ" }),
        event(`early-${(r * 7) % 30}`),
        event(`early-${(r * 11) % 30}`),
        // A retry of another request of the storm: whichever arrives first numbers it.
        event(`r${(r + 1) % 50}-n0`),
        event(`r${r}-n1`),
      ],
    }));
    const answers = await Promise.all(bodies.map((b, r) => push(p.actor, b, processes[r % 4])));

    const sequenceOf = new Map(first);
    for (const [r, answer] of answers.entries()) {
      expect(answer.results.map((x) => x.orderId)).toEqual(bodies[r]!.events.map((e) => e.orderId));
      for (const result of answer.results) {
        const id = result.orderId as string;
        if (id.endsWith("-bad") || id.endsWith("-nosym")) {
          expect(result.status).toBe("rejected");
          continue;
        }
        expect(result.status).toBe("accepted");
        if (result.status !== "accepted") continue;
        const seen = sequenceOf.get(id);
        if (seen !== undefined) expect(result.sequence, id).toBe(seen);
        else sequenceOf.set(id, result.sequence);
      }
    }
    const n = 30 + 50 * 8;
    expect(sequenceOf.size).toBe(n);
    expect([...sequenceOf.values()].sort((a, b) => a - b)).toEqual(
      Array.from({ length: n }, (_, i) => i + 1),
    );

    const { items, counter } = await stored(p.id);
    expect(counter).toBe(n);
    expect(items.map((i) => i.sequence)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    for (const item of items) expect(sequenceOf.get(item.orderId)).toBe(item.sequence);
    const guards = await Promise.all(
      items.map((i) => orderGuards.get({ partnerID: p.id, orderId: i.orderId }).go({ consistent: true })),
    );
    expect(guards.every((g, i) => g.data?.sequence === items[i]!.sequence)).toBe(true);
  }, 300_000);

  it("is idempotent on orderId: a retry writes nothing; other content is an order_id_conflict", async () => {
    const p = await partner();
    const once = await push(p.actor, event("o-1"));
    expect(once.results).toEqual([{ orderId: "o-1", status: "accepted", sequence: 1 }]);
    const again = await push(p.actor, {
      events: [event("o-1"), event("o-2"), event("o-1", { quantity: 11 })],
    });
    expect(again.results).toEqual([
      { orderId: "o-1", status: "accepted", sequence: 1 },
      { orderId: "o-2", status: "accepted", sequence: 2 },
      { orderId: "o-1", status: "rejected", reasons: ["order_id_conflict"] },
    ]);
    const { items, counter } = await stored(p.id);
    expect(counter).toBe(2);
    expect(items.map((i) => [i.orderId, i.sequence, i.quantity])).toEqual([
      ["o-1", 1, 10],
      ["o-2", 2, 10],
    ]);
    const errors = await Actor.provide(p.actor, () => Order.errors(p.id));
    expect(errors.items.map((e) => [e.orderId, e.reasons])).toEqual([["o-1", ["order_id_conflict"]]]);
  });

  it("takes only the partner's own key: another partner's is forbidden, members and the public too", async () => {
    const a = await partner();
    const b = await partner();
    await expect(push(b.actor, event("x"))).resolves.toBeDefined();
    await expect(Actor.provide(a.actor, () => Order.ingest(b.id, event("x")))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const someone = await member();
    await expect(as(someone, () => Order.ingest(a.id, event("x")))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(Order.ingest(a.id, event("x"))).rejects.toBeInstanceOf(UnauthorizedError);
    // Another partner's key cannot read either.
    await expect(Actor.provide(a.actor, () => Order.list(b.id))).rejects.toBeInstanceOf(ForbiddenError);
    expect((await stored(a.id)).counter).toBe(0);
  });

  it("refuses malformed bodies as a whole: not an object, or events not 1..500", async () => {
    const p = await partner();
    for (const body of [null, [], "x", { events: [] }, { events: "x" }, { events: Array(501).fill({}) }])
      await expect(push(p.actor, body)).rejects.toBeInstanceOf(ValidationError);
    const mixed = await push(p.actor, { events: [event("ok"), 42, { orderId: "only" }] });
    expect(mixed.results).toEqual([
      { orderId: "ok", status: "accepted", sequence: 1 },
      { orderId: null, status: "rejected", reasons: ["missing_field", "bad_value"] },
      { orderId: "only", status: "rejected", reasons: ["missing_field"] },
    ]);
  });
});

describe("the error log", () => {
  it("keeps refused events 30 days by TTL, filters by time received, pages, and shows nothing expired", async () => {
    const p = await partner();
    const DAY = 86_400_000;
    const at = (ms: number) => () => new Date(ms);
    const now = Date.now();
    await Actor.provide(p.actor, () =>
      Order.ingest(p.id, event("old", { quantity: 0 }), at(now - 30 * DAY - 60_000)),
    );
    await Actor.provide(p.actor, () => Order.ingest(p.id, event("mid", { side: "x" }), at(now - 2 * DAY)));
    await Actor.provide(p.actor, () =>
      Order.ingest(p.id, { events: [event("new-1", { type: 1 }), event("new-2", { price: "-" })] }),
    );

    const read = (q: Order.ErrorsInput = {}) => Actor.provide(p.actor, () => Order.errors(p.id, q));
    expect((await read()).items.map((e) => e.orderId)).toEqual(["new-2", "new-1", "mid"]);
    expect((await read({ to: new Date(now - DAY).toISOString() })).items.map((e) => e.orderId)).toEqual([
      "mid",
    ]);
    expect(
      (await read({ from: new Date(now - DAY).toISOString(), order: "asc" })).items.map((e) => e.orderId),
    ).toEqual(["new-1", "new-2"]);
    const first = await read({ limit: 1 });
    expect(first.items.map((e) => e.orderId)).toEqual(["new-2"]);
    expect((await read({ limit: 2, cursor: first.cursor ?? undefined })).items.map((e) => e.orderId)).toEqual(
      ["new-1", "mid"],
    );

    const all = (await orderErrors.query.primary({ partnerID: p.id }).go({ pages: "all", consistent: true }))
      .data;
    for (const e of all) expect(e.expiresAt).toBe(Math.floor(e.receivedAt / 1000) + 30 * 86_400);
    await sweepExpired();
    const left = (await orderErrors.query.primary({ partnerID: p.id }).go({ pages: "all", consistent: true }))
      .data;
    expect(left.map((e) => e.orderId).sort()).toEqual(["mid", "new-1", "new-2"]);
  });
});

describe("rules and readers", () => {
  it("admins set rules (listed symbols only); operators and admins read; other members are refused", async () => {
    const p = await partner();
    const rules = { ...Order.DEFAULT_RULES, symbols: ["msft"], maxQuantity: 5 };
    await expect(
      as(p.admin, () => Order.setRules({ partnerID: p.id, rules: { ...rules, symbols: ["NOPEQX"] } })),
    ).rejects.toMatchObject({
      code: "unknown_ticker",
    });
    const someone = await member();
    await expect(as(someone, () => Order.setRules({ partnerID: p.id, rules }))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const set = await as(p.admin, () => Order.setRules({ partnerID: p.id, rules }));
    expect(set).toMatchObject({ symbols: ["MSFT"], maxQuantity: 5, updatedAt: expect.any(Number) });
    expect((await push(p.actor, event("r-1"))).results[0]).toMatchObject({
      reasons: ["symbol_not_allowed", "quantity_too_large"],
    });

    await expect(as(someone, () => Order.list(p.id))).rejects.toBeInstanceOf(ForbiddenError);
    await as(p.admin, () => Partner.addOperator({ partnerID: p.id, handle: `@${someone.handle}` }));
    expect(await as(someone, () => Order.rules(p.id))).toEqual(set);
    expect((await as(someone, () => Order.errors(p.id))).items).toHaveLength(1);
    expect((await as(someone, () => Partner.mine())).map((x) => x.id)).toEqual([p.id]);
    expect((await as(p.admin, () => Partner.listOperators(p.id))).map((o) => o.handle)).toEqual([
      someone.handle,
    ]);
    await as(p.admin, () => Partner.removeOperator(p.id, someone.id));
    await expect(as(someone, () => Order.rules(p.id))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("ingestion remembers rules a few seconds: a change here applies at once, one elsewhere within RULES_MS", async () => {
    const p = await partner({ maxQuantity: 100 });
    const t0 = Date.now();
    const at = (ms: number) => () => new Date(t0 + ms);
    const reasons = async (id: string, ms: number) => {
      const body = event(id, { quantity: 50 });
      const [result] = (await Actor.provide(p.actor, () => Order.ingest(p.id, body, at(ms)))).results;
      return result?.status === "rejected" ? result.reasons : [];
    };
    expect(await reasons("c-1", 0)).toEqual([]);
    await as(p.admin, () =>
      Order.setRules({ partnerID: p.id, rules: { ...Order.DEFAULT_RULES, maxQuantity: 10 } }),
    );
    expect(await reasons("c-2", 1)).toEqual(["quantity_too_large"]);
    // Another instance lifts the limit: this one checks against what it remembers until that expires.
    await orderRules.patch({ partnerID: p.id }).set({ maxQuantity: 1000, updatedAt: t0 }).go();
    expect(await reasons("c-3", 2)).toEqual(["quantity_too_large"]);
    expect(await reasons("c-4", 1 + Order.RULES_MS + 1)).toEqual([]);
  });
});
