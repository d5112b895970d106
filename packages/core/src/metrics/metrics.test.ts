import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import * as Metrics from ".";

describe("Metrics", () => {
  // A minute far from now, so counters of other tests (and the live activity meter) cannot mix in.
  const at = new Date(Date.UTC(2031, 0, 1, 12, Math.floor(Math.random() * 60), 30));
  const minute = Metrics.minuteOf(at);
  const clock = () => at;

  it("counts a batch once, however often it is replayed", async () => {
    const batch = ulid();
    const activity = [
      { entity: "post", writtenAt: at.getTime() - 1500, exact: true },
      { entity: "post", writtenAt: at.getTime() - 500, exact: true },
      { entity: "like", writtenAt: at.getTime() - 100, exact: true },
    ];
    await Metrics.recordActivity(batch, activity, clock);
    await Metrics.recordActivity(batch, activity, clock);
    await Promise.all([
      Metrics.recordActivity(batch, activity, clock),
      Metrics.recordActivity(batch, activity, clock),
    ]);
    await Metrics.recordActivity(ulid(), [{ entity: "like", writtenAt: at.getTime(), exact: true }], clock);
    // A stream timestamp (rounded) counts the item but says nothing of the lag.
    await Metrics.recordActivity(ulid(), [{ entity: "like", writtenAt: at.getTime() - 20_000 }], clock);

    const snapshot = await Metrics.snapshot(minute, clock);
    expect(snapshot.items).toEqual({ post: 2, like: 3 });
    expect(snapshot.itemsTotal).toBe(5);
    expect(snapshot.streamLagMs).toBe(Math.round((1500 + 500 + 100 + 0) / 4));
  });

  it("adds failures per source and keeps the snapshot of a minute idempotent", async () => {
    const failureMinute = new Date(at.getTime() + 3_600_000);
    const failClock = () => failureMinute;
    await Metrics.countFailure("Mailer", 2, failClock);
    await Metrics.countFailure("Mailer", 1, failClock);
    await Metrics.countFailure("DataInput", 1, failClock);
    const first = await Metrics.snapshot(Metrics.minuteOf(failureMinute), failClock);
    const again = await Metrics.snapshot(Metrics.minuteOf(failureMinute), failClock);
    expect(first.failures).toEqual({ Mailer: 3, DataInput: 1 });
    expect(again).toEqual(first);
  });
});
