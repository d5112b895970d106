/**
 * Chaos switches: an administrator makes one outside service misbehave for some minutes (default 10), for
 * every instance (the switch is an item of the table, read through a 5-second cache). Where the provider
 * is a local wire-format server (BOURSE_CHAOS_AT_PROVIDER set by the local platform), the platform makes
 * the server itself misbehave and adapters send nothing special; elsewhere (AWS) the adapter behaves as
 * if the provider had failed (`simulated`), so no real provider is harmed.
 */
import * as z from "zod";
import { ttl } from "../dynamo";
import * as User from "../user";
import { TtlCache } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import { fn } from "../util/fn";
import { chaosSwitches } from "./entities";

export const TARGETS = ["tiingo", "finnhub", "email", "bedrock"] as const;
export const Target = z.enum(TARGETS);
export type Target = z.infer<typeof Target>;

export const Mode = z.enum(["error", "slow", "rate_limit", "off"]);
export type Mode = z.infer<typeof Mode>;

export const DEFAULT_MINUTES = 10;

export const SetInput = z.object({
  mode: Mode,
  minutes: z.number().int().min(1).max(120).default(DEFAULT_MINUTES),
});

export const Info = z.object({
  target: Target,
  mode: Mode,
  until: z.number().nullable().describe("epoch milliseconds when it turns itself off; null when off"),
  remainingMs: z.number().describe("0 when off"),
});
export type Info = z.infer<typeof Info>;

type Active = Partial<Record<Target, { mode: Exclude<Mode, "off">; until: number }>>;

const cache = new TtlCache<Active>("chaos", 5_000);

/** Every switch that is on, read from the table (the local platform polls this too). */
export async function active(now: Clock = systemClock): Promise<Active> {
  const at = now().getTime();
  const items = (await chaosSwitches.query.primary({}).go({ consistent: true, pages: "all" })).data;
  const on: Active = {};
  for (const item of items)
    if (item.mode !== "off" && item.until > at && Target.safeParse(item.target).success)
      on[item.target as Target] = { mode: item.mode, until: item.until };
  return on;
}

/** The switches on now, for this instance (read through its 5-second cache); expired ones are off. */
export async function current(now: Clock = systemClock): Promise<Active> {
  const on = await cache.get("all", () => active(now), now);
  const at = now().getTime();
  return Object.fromEntries(Object.entries(on).filter(([, entry]) => entry.until > at)) as Active;
}

/** The target's mode now, for this instance (cached 5 s); "off" when its switch is off or expired. */
export async function mode(target: Target, now: Clock = systemClock): Promise<Mode> {
  return (await current(now))[target]?.mode ?? "off";
}

/** The mode an adapter must act out itself: none where the local platform breaks the server for real. */
export async function simulated(target: Target, now: Clock = systemClock): Promise<Mode> {
  if (process.env.BOURSE_CHAOS_AT_PROVIDER) return "off";
  return mode(target, now);
}

/**
 * Where an adapter acts its switch out itself (`simulated`): the provider's own failure, built by `fail`
 * for the status it would have answered (500, 429), or for no answer (`undefined`) after `slowMs`, the
 * call's timeout.
 */
export async function actOut(
  target: Target,
  now: Clock,
  fail: (status: 500 | 429 | undefined, mode: Exclude<Mode, "off">) => Error,
  slowMs = 0,
): Promise<void> {
  const mode = await simulated(target, now);
  if (mode === "off") return;
  if (mode === "slow" && slowMs > 0) await new Promise((done) => setTimeout(done, slowMs));
  throw fail(mode === "error" ? 500 : mode === "rate_limit" ? 429 : undefined, mode);
}

const SetArgs = SetInput.extend({ target: Target });

/** Flips a switch (administrators); "off" turns it off now. */
export const set = /* @__PURE__ */ fn(
  SetArgs,
  async ({ target, mode: next, minutes }, now: Clock = systemClock): Promise<Info> => {
    const by = await User.assertAdmin();
    const at = now().getTime();
    const until = next === "off" ? at : at + minutes * 60_000;
    await chaosSwitches
      .put({ target, mode: next, until, setAt: at, setBy: by, expiresAt: ttl(new Date(until), 1) })
      .go();
    cache.clear();
    return infoOf(target, next === "off" ? undefined : { mode: next, until }, at);
  },
);

/** Every target's switch (administrators). */
export async function list(now: Clock = systemClock): Promise<Info[]> {
  await User.assertAdmin();
  const on = await active(now);
  const at = now().getTime();
  return TARGETS.map((target) => infoOf(target, on[target], at));
}

function infoOf(target: Target, entry: Active[Target], at: number): Info {
  return entry
    ? { target, mode: entry.mode, until: entry.until, remainingMs: Math.max(0, entry.until - at) }
    : { target, mode: "off", until: null, remainingMs: 0 };
}
