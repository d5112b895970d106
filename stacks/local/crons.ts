/**
 * The topology's crons on their AWS schedules, each invocation a Lambda-shaped `ScheduledEvent`.
 */
import { randomUUID } from "node:crypto";
import type { ScheduledEvent } from "aws-lambda";
import { Cron, type CronOptions } from "croner";
import type { Cron as CronSpec } from "../topology";
import { ACCOUNT_ID } from "./env";

export interface CronerSchedule {
  pattern: string;
  options: CronOptions;
}

const RATE_UNITS = { minute: 60, hour: 3600, day: 86_400 } as const;
/** Each unit's boundaries, as a croner pattern with seconds. */
const RATE_PATTERNS = { minute: "0 * * * * *", hour: "0 0 * * * *", day: "0 0 0 * * *" } as const;

/**
 * An AWS schedule expression as a croner pattern and options, in UTC as AWS evaluates them:
 * - `rate(N unit)` (singular unit only for 1, as AWS insists) runs on unit boundaries, N units apart;
 * - `cron(min hour day-of-month month day-of-week year)` keeps AWS's fields: `?` in exactly one of the
 *   day fields, `L`, `W`, `#`, day-of-week 1-7 = SUN-SAT, `0/5`-style steps. Throws on malformed expressions.
 */
export function toCroner(expression: string): CronerSchedule {
  const rate = /^rate\((\d+) (minute|hour|day)(s?)\)$/.exec(expression);
  if (rate) {
    const [, count, unit, plural] = rate as unknown as [string, string, keyof typeof RATE_UNITS, string];
    const n = Number(count);
    if (n < 1 || (n === 1) === (plural === "s"))
      throw new Error(`Invalid rate expression ${expression}: use "1 ${unit}" or "N ${unit}s"`);
    return validated(expression, {
      pattern: RATE_PATTERNS[unit],
      options: { timezone: "UTC", interval: n * RATE_UNITS[unit] },
    });
  }

  const fields = /^cron\((.*)\)$/.exec(expression)?.[1]?.trim().split(/\s+/);
  if (fields?.length !== 6)
    throw new Error(`Invalid schedule expression ${expression}: rate(...) or cron(6 fields)`);
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((dayOfMonth === "?") === (dayOfWeek === "?"))
    throw new Error(
      `Invalid cron expression ${expression}: exactly one of day-of-month and day-of-week must be ?`,
    );
  if ([minute, hour, month, year].some((f) => f.includes("?")))
    throw new Error(`Invalid cron expression ${expression}: ? is only for the day fields`);
  // A lone L in day-of-week is the week's last day.
  const weekday = dayOfWeek.toUpperCase() === "L" ? "7" : dayOfWeek;
  return validated(expression, {
    pattern: ["0", minute, hour, dayOfMonth, month, weekday, year].join(" "),
    options: { timezone: "UTC", mode: "7-part", alternativeWeekdays: true, sloppyRanges: true },
  });
}

function validated(expression: string, schedule: CronerSchedule): CronerSchedule {
  try {
    new Cron(schedule.pattern, schedule.options);
  } catch (error) {
    throw new Error(`Invalid schedule expression ${expression}: ${(error as Error).message}`);
  }
  return schedule;
}

export interface CronsOptions {
  crons: readonly CronSpec[];
  region: string;
  invoke(cron: CronSpec, event: ScheduledEvent): Promise<unknown>;
  log?(msg: string, data?: object): void;
}

/** Starts every cron; `stop()` ends the schedules and waits for runs in progress. */
export function startCrons(options: CronsOptions): { stop(): Promise<void> } {
  const running = new Set<Promise<unknown>>();
  const jobs = options.crons.map((spec) => {
    const { pattern, options: cronOptions } = toCroner(spec.schedule);
    // protect: a run still going when the next is due is skipped rather than stacked.
    return new Cron(pattern, { ...cronOptions, protect: true }, async (job) => {
      const run = options
        .invoke(spec, scheduledEvent(spec.name, job.currentRun() ?? new Date(), options.region))
        .catch((error) => options.log?.(`cron ${spec.name} failed`, { error: String(error) }));
      running.add(run);
      await run;
      running.delete(run);
    });
  });
  return {
    async stop() {
      for (const job of jobs) job.stop();
      await Promise.all(running);
    },
  };
}

/** The event EventBridge Scheduler hands a cron's function. */
export function scheduledEvent(name: string, at: Date, region: string): ScheduledEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: ACCOUNT_ID,
    time: `${at.toISOString().slice(0, 19)}Z`,
    region,
    resources: [`arn:aws:events:${region}:${ACCOUNT_ID}:rule/${name}`],
    detail: {},
  };
}
