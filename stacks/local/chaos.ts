/**
 * Applies the product's chaos switches (items of the table, set by `PUT /api/admin/chaos/{target}`) to
 * the local wire-format servers, so they misbehave for real: the news servers answer 500 or 429 or take
 * 30 s, the Converse server fails, throttles or stalls, the local SES throttles (429) and the local SendGrid
 * answers 500 or 429 or stalls, whichever mail provider is configured. A short poll of the
 * switches (every second by default); a switch that runs out of minutes is off at the next poll.
 */
import type { Mode, Target } from "../../packages/core/src/resilience/chaos";
import type { BedrockLocal } from "./bedrock";
import type { NewsServer } from "./news/server";
import type { Log } from "./platform";
import type { SendGridLocal } from "./sendgrid";

export type Switches = Partial<Record<Target, { mode: Exclude<Mode, "off"> }>>;

/** How long a "slow" news server takes (longer than any adapter waits). */
export const SLOW_MS = 30_000;
const ALWAYS = 1_000_000;

export interface ChaosTargets {
  tiingo: NewsServer;
  finnhub: NewsServer;
  bedrock: Pick<BedrockLocal, "chaos">;
  ses: { chaos(fail: boolean): void };
  sendgrid: Pick<SendGridLocal, "chaos">;
}

/** One target put in a mode. */
export function apply(targets: ChaosTargets, target: Target, mode: Mode): void {
  const http =
    mode === "error"
      ? { status: 500 }
      : mode === "rate_limit"
        ? { status: 429 }
        : mode === "slow"
          ? { delayMs: SLOW_MS }
          : {};
  switch (target) {
    case "tiingo":
    case "finnhub":
      targets[target].chaos(http);
      return;
    case "bedrock":
      targets.bedrock.chaos({
        fail: mode === "error" ? ALWAYS : 0,
        throttle: mode === "rate_limit" ? ALWAYS : 0,
        delayMs: mode === "slow" ? SLOW_MS : 0,
      });
      return;
    case "email":
      // The local SES has one way to misbehave, a throttled account (429), for every mode but off.
      targets.ses.chaos(mode !== "off");
      targets.sendgrid.chaos(http);
      return;
  }
}

export interface ChaosWatcher {
  /** One poll now (tests). */
  poll(): Promise<void>;
  stop(): void;
}

/** Polls `read` and applies each target's change of mode (only changes: a test's own chaos is left alone). */
export function startChaosWatcher(options: {
  read: () => Promise<Switches>;
  targets: ChaosTargets;
  intervalMs?: number;
  log?: Log;
}): ChaosWatcher {
  const applied = new Map<Target, Mode>();
  let running: Promise<void> | undefined;
  const poll = () => {
    running ??= (async () => {
      try {
        const on = await options.read();
        for (const target of ["tiingo", "finnhub", "email", "bedrock"] as const) {
          const mode = on[target]?.mode ?? "off";
          if ((applied.get(target) ?? "off") === mode) continue;
          apply(options.targets, target, mode);
          applied.set(target, mode);
          options.log?.("chaos: applied", { target, mode });
        }
      } catch (error) {
        options.log?.("chaos: could not read the switches", { error: String(error) });
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(poll, options.intervalMs ?? 1000);
  timer.unref();
  return { poll, stop: () => clearInterval(timer) };
}
