import type { ScheduledEvent } from "aws-lambda";
import { Cron } from "croner";
import { afterEach, describe, expect, test, vi } from "vitest";
import { crons } from "../topology";
import { startCrons, toCroner } from "./crons";

/** The next `n` runs after `from`, as ISO minutes. */
function runs(expression: string, from: string, n = 3): string[] {
  const { pattern, options } = toCroner(expression);
  const job = new Cron(pattern, options);
  const found: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < n; i++) {
    const next = job.nextRun(at);
    if (!next) break;
    found.push(next.toISOString().slice(0, 16));
    at = next;
  }
  return found;
}

describe("toCroner", () => {
  test.each(crons.map((c) => [c.name, c.schedule]))(
    "the topology's %s schedule (%s) parses",
    (_, schedule) => {
      expect(() => toCroner(schedule)).not.toThrow();
    },
  );

  // 2026-11-21 is a Saturday. Times are UTC, as AWS evaluates schedules.
  test.each([
    ["cron(0/5 * * * ? *)", ["2026-11-21T09:35", "2026-11-21T09:40", "2026-11-21T09:45"]],
    ["cron(0 18 ? * MON-FRI *)", ["2026-11-23T18:00", "2026-11-24T18:00", "2026-11-25T18:00"]],
    ["cron(0 12 ? * 1 *)", ["2026-11-22T12:00", "2026-11-29T12:00", "2026-12-06T12:00"]], // 1 = SUN
    ["cron(0 8 1 * ? *)", ["2026-12-01T08:00", "2027-01-01T08:00", "2027-02-01T08:00"]],
    ["cron(0 12 L * ? *)", ["2026-11-30T12:00", "2026-12-31T12:00", "2027-01-31T12:00"]],
    ["cron(0 12 15W * ? *)", ["2026-12-15T12:00", "2027-01-15T12:00", "2027-02-15T12:00"]], // 2027-02-15 is a Monday
    ["cron(0 9 ? * 2#1 *)", ["2026-12-07T09:00", "2027-01-04T09:00", "2027-02-01T09:00"]], // first Monday
    ["cron(15 10 ? * 6L 2027)", ["2027-01-29T10:15", "2027-02-26T10:15", "2027-03-26T10:15"]], // last Friday
    ["cron(0 12 ? * L *)", ["2026-11-21T12:00", "2026-11-28T12:00", "2026-12-05T12:00"]], // L = SAT
    ["cron(30 1 ? JAN,JUL SUN 2027)", ["2027-01-03T01:30", "2027-01-10T01:30", "2027-01-17T01:30"]],
  ])("%s", (expression, expected) => {
    expect(runs(expression, "2026-11-21T09:30:10Z")).toEqual(expected);
  });

  test.each([
    ["rate(1 minute)", ["2026-11-21T09:31", "2026-11-21T09:32", "2026-11-21T09:33"]],
    ["rate(15 minutes)", ["2026-11-21T09:31", "2026-11-21T09:46", "2026-11-21T10:01"]],
    ["rate(2 hours)", ["2026-11-21T10:00", "2026-11-21T12:00", "2026-11-21T14:00"]],
    ["rate(1 day)", ["2026-11-22T00:00", "2026-11-23T00:00", "2026-11-24T00:00"]],
  ])("%s runs on unit boundaries, N units apart", (expression, expected) => {
    vi.useFakeTimers({ now: new Date("2026-11-21T09:30:10Z") });
    const { pattern, options } = toCroner(expression);
    const next = new Cron(pattern, options).nextRuns(3);
    vi.useRealTimers();
    expect(next.map((d) => d.toISOString().slice(0, 16))).toEqual(expected);
  });

  test.each([
    "rate(1 minutes)",
    "rate(5 minute)",
    "rate(0 minutes)",
    "rate(5 seconds)",
    "cron(0 12 * * * *)", // both day fields given
    "cron(0 12 ? * ? *)", // neither
    "cron(0 ? 1 * ? *)", // ? outside the day fields
    "cron(0 12 * *)",
    "cron(61 12 ? * 1 *)",
    "0 12 * * *",
  ])("rejects %s, as AWS does", (expression) => {
    expect(() => toCroner(expression)).toThrow(/Invalid/);
  });
});

describe("startCrons", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test("invokes the handler on schedule with a Lambda-shaped ScheduledEvent", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-21T09:30:10Z") });
    const events: ScheduledEvent[] = [];
    const schedules = startCrons({
      crons: [{ name: "EveryMinute", handler: "x.handler", schedule: "rate(1 minute)" }],
      region: "us-east-1",
      invoke: async (_, event) => events.push(event),
    });
    await vi.advanceTimersByTimeAsync(130_000);
    await schedules.stop();

    expect(events.map((e) => e.time)).toEqual(["2026-11-21T09:31:00Z", "2026-11-21T09:32:00Z"]);
    expect(events[0]).toEqual({
      version: "0",
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      "detail-type": "Scheduled Event",
      source: "aws.events",
      account: expect.stringMatching(/^\d{12}$/),
      time: "2026-11-21T09:31:00Z",
      region: "us-east-1",
      resources: [expect.stringMatching(/^arn:aws:events:us-east-1:\d{12}:rule\/EveryMinute$/)],
      detail: {},
    });
  });

  test("a failing run is logged and the schedule goes on", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-21T09:30:10Z") });
    const logged: string[] = [];
    let calls = 0;
    const schedules = startCrons({
      crons: [{ name: "Flaky", handler: "x.handler", schedule: "rate(1 minute)" }],
      region: "us-east-1",
      invoke: async () => {
        calls++;
        throw new Error("boom");
      },
      log: (msg) => logged.push(msg),
    });
    await vi.advanceTimersByTimeAsync(130_000);
    await schedules.stop();
    expect(calls).toBe(2);
    expect(logged).toEqual(["cron Flaky failed", "cron Flaky failed"]);
  });
});
