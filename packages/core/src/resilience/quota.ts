/**
 * Request quotas per provider, per minute and per day. Each instance counts its calls in memory and adds
 * them to the table's window counters in batches (every BATCH calls, or when the run flushes), never one
 * write per call; the deployment-wide count it checks against is the table's (cached 60 s, refreshed by
 * each batch's answer) plus what it has not flushed yet. Near a limit callers slow down; at it, they skip
 * the provider until the window resets.
 */
import * as z from "zod";
import { ttl } from "../dynamo";
import * as User from "../user";
import { TtlCache } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import { quotaCounters } from "./entities";

export const PROVIDERS = ["tiingo", "finnhub"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const Limits = z.object({
  perMinute: z.number().int().positive(),
  perDay: z.number().int().positive(),
});
export type Limits = z.infer<typeof Limits>;

/**
 * The free plans: Tiingo 50 requests an hour (so at most 50 a minute) and 1,000 a day; Finnhub 60 calls a
 * minute and no daily cap (a day of minutes). `BOURSE_QUOTAS` (JSON, e.g. `{"finnhub":{"perMinute":30}}`)
 * overrides them.
 */
export const DEFAULTS: Record<Provider, Limits> = {
  tiingo: { perMinute: 50, perDay: 1000 },
  finnhub: { perMinute: 60, perDay: 60 * 1440 },
};

/** From this share of a window's limit on, callers slow down. */
export const NEAR = 0.8;
/** Unflushed calls that trigger a batch write. */
export const BATCH = 10;

const Overrides = z.record(z.string(), Limits.partial());

export function limitsOf(provider: string): Limits {
  const base = DEFAULTS[provider as Provider] ?? DEFAULTS.finnhub;
  const parsed = Overrides.safeParse(safeJson(process.env.BOURSE_QUOTAS));
  return { ...base, ...(parsed.success ? parsed.data[provider] : {}) };
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

type Window = "minute" | "day";

function windowOf(kind: Window, at: number): { key: string; resetsAt: number } {
  const size = kind === "minute" ? 60_000 : 86_400_000;
  const start = Math.floor(at / size) * size;
  return { key: `${kind === "minute" ? "m" : "d"}:${start}`, resetsAt: start + size };
}

/** The table's count per `provider|window`, cached 60 s and set from each batch's answer. */
const counts = new TtlCache<number>("quotas", 60_000);
/** Calls this instance made and has not written yet, per `provider|window`. */
const pending = new Map<string, number>();

async function tableCount(provider: string, key: string, now: Clock): Promise<number> {
  return counts.get(
    `${provider}|${key}`,
    async () => (await quotaCounters.get({ provider, window: key }).go()).data?.count ?? 0,
    now,
  );
}

async function used(provider: string, kind: Window, now: Clock) {
  const { key, resetsAt } = windowOf(kind, now().getTime());
  const count = (await tableCount(provider, key, now)) + (pending.get(`${provider}|${key}`) ?? 0);
  return { key, count, resetsAt };
}

export type Verdict = "ok" | "slow" | "exhausted";

/**
 * Asks for one call: "exhausted" (not counted) when a window is full, else counted, "slow" near a limit.
 * A table that cannot be read does not stop calls (counted from this instance's calls alone).
 */
export async function take(
  provider: string,
  now: Clock = systemClock,
  limits: Limits = limitsOf(provider),
): Promise<Verdict> {
  const [minute, day] = await Promise.all([
    used(provider, "minute", now).catch(() => undefined),
    used(provider, "day", now).catch(() => undefined),
  ]);
  const full = (w: typeof minute, limit: number) => (w ? w.count >= limit : false);
  if (full(minute, limits.perMinute) || full(day, limits.perDay)) return "exhausted";
  let due = false;
  for (const kind of ["minute", "day"] as const) {
    const { key } = windowOf(kind, now().getTime());
    const id = `${provider}|${key}`;
    pending.set(id, (pending.get(id) ?? 0) + 1);
    due ||= (pending.get(id) ?? 0) >= BATCH;
  }
  if (due) await flush(now);
  const near = (w: typeof minute, limit: number) => (w ? w.count + 1 >= limit * NEAR : false);
  return near(minute, limits.perMinute) || near(day, limits.perDay) ? "slow" : "ok";
}

/** Writes every unflushed count (one update per window, whatever the number of calls). */
export async function flush(now: Clock = systemClock): Promise<void> {
  const batch = [...pending.entries()].filter(([, n]) => n > 0);
  for (const [id] of batch) pending.delete(id);
  await Promise.all(
    batch.map(async ([id, n]) => {
      const [provider, window] = id.split("|") as [string, string];
      const resetsAt = Number(window.slice(2)) + (window.startsWith("m") ? 60_000 : 86_400_000);
      try {
        const written = await quotaCounters
          .update({ provider, window })
          .add({ count: n })
          .set({ expiresAt: ttl(new Date(resetsAt), 1) })
          .go({ response: "all_new" });
        counts.set(id, written.data.count ?? n, now);
      } catch (error) {
        pending.set(id, (pending.get(id) ?? 0) + n);
        throw error;
      }
    }),
  );
}

export const Usage = z.object({
  used: z.number(),
  limit: z.number(),
  resetsAt: z.number().describe("epoch milliseconds"),
});

export const Info = z.object({ provider: z.string(), minute: Usage, day: Usage });
export type Info = z.infer<typeof Info>;

/** One provider's use of its windows now. */
export async function usage(provider: string, now: Clock = systemClock): Promise<Info> {
  const limits = limitsOf(provider);
  const [minute, day] = await Promise.all([used(provider, "minute", now), used(provider, "day", now)]);
  return {
    provider,
    minute: { used: minute.count, limit: limits.perMinute, resetsAt: minute.resetsAt },
    day: { used: day.count, limit: limits.perDay, resetsAt: day.resetsAt },
  };
}

/** Every provider's quotas (administrators). */
export async function list(now: Clock = systemClock): Promise<Info[]> {
  await User.assertAdmin();
  return Promise.all(PROVIDERS.map((p) => usage(p, now)));
}
