import * as Actor from "@bourse/core/actor";
import * as Metrics from "@bourse/core/metrics";
import type { Context, ScheduledEvent } from "aws-lambda";
import { ulid } from "ulid";
import { expect, it } from "vitest";
import { handler } from "./metrics-snapshot";

it("snapshots the previous, complete minute", async () => {
  const minute = new Date(Date.UTC(2033, 5, 1, 8, Math.floor(Math.random() * 60), 20));
  await Metrics.recordActivity(ulid(), [{ entity: "post", writtenAt: minute.getTime() }], () => minute);
  await Metrics.countFailure("Mailer", 1, () => minute);

  const firedAt = new Date(minute.getTime() + 60_000);
  await handler(
    { id: ulid(), time: firedAt.toISOString() } as ScheduledEvent,
    {
      awsRequestId: "test",
      functionName: "MetricsSnapshot",
    } as Context,
  );

  const snapshots = await Actor.system("test", () => Metrics.recent(500));
  const snapshot = snapshots.find((s) => s.minute === Metrics.minuteOf(minute));
  expect(snapshot).toMatchObject({ items: { post: 1 }, itemsTotal: 1, failures: { Mailer: 1 } });
});
