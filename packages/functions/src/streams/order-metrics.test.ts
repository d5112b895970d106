import { marshall } from "@aws-sdk/util-dynamodb";
import * as Actor from "@bourse/core/actor";
import * as Email from "@bourse/core/email";
import * as Metrics from "@bourse/core/metrics";
import * as Order from "@bourse/core/order";
import { event, orderItem, partner, push } from "@bourse/core/order/testing";
import { as } from "@bourse/core/social/testing";
import * as User from "@bourse/core/user";
import type { Context, DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { handler } from "./order-metrics";

const context = {
  awsRequestId: "test",
  functionName: "OrderMetrics",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

const sum = (d: Order.Dashboard, key: "accepted" | "rejected") => d.minutes.reduce((n, m) => n + m[key], 0);

describe("OrderMetrics and the failure-rate alarm", () => {
  it("counts per partner and minute, fires over 5 % once per episode with one mail to admins, and clears by itself", async () => {
    const p = await partner();
    const adminEmail = (await as(p.admin, () => User.get(p.admin.id)))?.email;
    expect(await User.adminEmails()).toContain(adminEmail);
    await push(p.actor, {
      events: [
        ...Array.from({ length: 30 }, (_, i) => event(`m-${i}`)),
        ...Array.from({ length: 8 }, (_, i) => event(`q-${i}`, { quantity: 0 })),
        event("s-1", { symbol: "NOPEQX" }),
        event("s-2", { symbol: "NOPEQX", side: "hold" }),
      ],
    });
    await platformIdle(90_000);

    const board = await as(p.admin, () => Order.dashboard(p.id, { minutes: 10 }));
    expect(sum(board, "accepted")).toBe(30);
    expect(sum(board, "rejected")).toBe(10);
    const reasons: Record<string, number> = {};
    for (const m of board.minutes)
      for (const [r, n] of Object.entries(m.reasons)) reasons[r] = (reasons[r] ?? 0) + n;
    expect(reasons).toEqual({ bad_value: 9, unknown_symbol: 2 });
    expect(board.alarm).toMatchObject({ state: "firing", events: 40, rate: 0.25 });
    expect(board.alarm.episodes).toHaveLength(1);
    const episode = board.alarm.episodes[0]!;

    // Exported in /api/metrics' series, deployment-wide.
    const all = await Metrics.Series.cumulative();
    expect(all.get(`bourse_orders_accepted_total{partner="${p.id}"}`)).toBe(30);
    expect(all.get(`bourse_order_rejections_total{partner="${p.id}",reason="unknown_symbol"}`)).toBe(2);
    expect(all.get(`bourse_order_ingest_latency_seconds_count{partner="${p.id}"}`)).toBe(30);

    // Evaluated again: the same episode, no second mail.
    await Order.Alarm.evaluate(p.id);
    const mail = await as(p.admin, () => Email.get(episode.id));
    expect(mail?.to).toContain(adminEmail);
    // The mail gives the rate at which the episode began: the alarm is evaluated after each batch, so a
    // first batch with few events can cross 5 % before all 40 are counted.
    expect(episode.startRate).toBeGreaterThan(0.05);
    expect(mail?.subject).toContain(`${(episode.startRate * 100).toFixed(1)} %`);
    const again = await as(p.admin, () => Order.Alarm.state(p.id));
    expect(again.episodes.map((e) => e.id)).toEqual([episode.id]);

    // Six minutes on, the window is empty: it clears by itself and the episode is closed.
    const later = () => new Date(Date.now() + 6 * 60_000);
    expect(await Order.Alarm.evaluate(p.id, later)).toBe("ok");
    const cleared = await as(p.admin, () => Order.Alarm.state(p.id));
    expect(cleared.state).toBe("ok");
    expect(cleared.episodes[0]).toMatchObject({ id: episode.id, endedAt: expect.any(Number) });
  }, 120_000);

  it("stays ok under 5 %, and with too few events to judge", async () => {
    const p = await partner();
    await push(p.actor, {
      events: [...Array.from({ length: 40 }, (_, i) => event(`k-${i}`)), event("bad", { quantity: 0 })],
    });
    const few = await partner();
    await push(few.actor, { events: [event("a"), event("b", { quantity: 0 })] });
    await platformIdle(90_000);
    expect((await as(p.admin, () => Order.Alarm.state(p.id))).state).toBe("ok");
    expect(await Order.Alarm.evaluate(few.id)).toBe("ok");
  }, 120_000);

  it("counts a replayed record once", async () => {
    const p = await partner();
    const item = orderItem(p.id, "replayed");
    const record = {
      eventID: `replay-${p.id}`,
      eventName: "INSERT",
      dynamodb: { NewImage: marshall(item), SequenceNumber: "1" },
    } as unknown as DynamoDBRecord;
    expect(await handler({ Records: [record] }, context)).toEqual({ batchItemFailures: [] });
    expect(await handler({ Records: [record, record] }, context)).toEqual({ batchItemFailures: [] });
    const board = await Actor.provide(p.actor, () => Order.dashboard(p.id, { minutes: 5 }));
    expect(sum(board, "accepted")).toBe(1);
  });
});
