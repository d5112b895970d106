/** When a mail the provider throttled or failed is tried again. Pure: unit-tested. */

/** Attempts in all (the first included); after the last the mail is dead. */
export const MAX_ATTEMPTS = 8;
export const BASE_MS = 30_000;
export const CAP_MS = 15 * 60_000;

/**
 * The wait after the `attempt`-th failed attempt (1-based): exponential (30 s, 1 min, 2 min, … capped at
 * 15 min) with "equal jitter" — half fixed, half random — so retries of many mails spread out yet the
 * schedule always spans a long outage (the waits before the last attempt sum to over 22 min).
 */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(CAP_MS, BASE_MS * 2 ** (attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
