export * as RateLimit from "./index";

import { createHash } from "node:crypto";
import { RateLimitedError } from "../error";
import { systemClock } from "../util/clock";
import { counters } from "./entities";

/**
 * Rate limits of the identity endpoints: fixed-window counters in the table, one item per (limit, scope,
 * key, window), incremented atomically (ADD) and expired by TTL. Core's identity flows call `hit`
 * themselves (Auth.signup/login/anonymous, MagicLink.request/consume, Session.refresh); callers only pass
 * the client IP in the flows' `meta`, and it must be one the client cannot choose: the web app takes it
 * from the edge's `cloudfront-viewer-address` only (server/auth.ts clientIp), never X-Forwarded-For.
 * The sign-up limits also bound email enumeration: sign-up answers 409 email_taken on purpose (usability),
 * so one address can probe at most 20 emails per 10 minutes, and one email at most 5 times.
 *
 * Configuration (environment, read at each call):
 * - `BOURSE_RATE_LIMITS=off`                  switches every limit off.
 * - `BOURSE_RATE_LIMIT_SIGNUP`, `BOURSE_RATE_LIMIT_LOGIN`, `BOURSE_RATE_LIMIT_MAGIC_LINK`,
 *   `BOURSE_RATE_LIMIT_TOKEN`, `BOURSE_RATE_LIMIT_SENTIMENT`: `<count>/<seconds>` for both scopes (per IP and per account), or `off`.
 * - the same names with `_IP` or `_ACCOUNT` appended set one scope only, and win over the shared one.
 * Defaults (count per seconds):
 * - signup:    per IP 20/600, per account (email) 5/600 — sign-ups
 * - login:     per IP 30/60,  per account (email) 10/60 — log-ins and current-password checks
 * - magicLink: per IP 20/900, per account (email) 5/900 — link requests and uses (uses per IP only)
 * - token:     per IP 60/60,  per account (user)  30/60 — refreshes and new anonymous sessions
 * - sentiment: per IP 60/60 (no account scope: anyone may score) — POST /api/sentiment/score calls
 */
export const NAMES = ["signup", "login", "magicLink", "token", "sentiment"] as const;
export type Name = (typeof NAMES)[number];
export type Scope = "ip" | "account";

export interface Limit {
  count: number;
  seconds: number;
}
export type Limits = Record<Name, Record<Scope, Limit | null>>;

export const DEFAULTS: Limits = {
  signup: { ip: { count: 20, seconds: 600 }, account: { count: 5, seconds: 600 } },
  login: { ip: { count: 30, seconds: 60 }, account: { count: 10, seconds: 60 } },
  magicLink: { ip: { count: 20, seconds: 900 }, account: { count: 5, seconds: 900 } },
  token: { ip: { count: 60, seconds: 60 }, account: { count: 30, seconds: 60 } },
  sentiment: { ip: { count: 60, seconds: 60 }, account: null },
};

const ENV_NAMES: Record<Name, string> = {
  signup: "BOURSE_RATE_LIMIT_SIGNUP",
  login: "BOURSE_RATE_LIMIT_LOGIN",
  magicLink: "BOURSE_RATE_LIMIT_MAGIC_LINK",
  token: "BOURSE_RATE_LIMIT_TOKEN",
  sentiment: "BOURSE_RATE_LIMIT_SENTIMENT",
};

function parseLimit(variable: string, value: string): Limit | null {
  if (value.trim().toLowerCase() === "off") return null;
  const match = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*$/.exec(value);
  const count = Number(match?.[1]);
  const seconds = Number(match?.[2]);
  if (!match || count < 1 || seconds < 1)
    throw new Error(`${variable}: expected <count>/<seconds> (e.g. 10/60) or "off", got "${value}"`);
  return { count, seconds };
}

/** The limits in force, from the environment (see the module comment). A malformed value throws. */
export function limits(env: NodeJS.ProcessEnv = process.env): Limits {
  const off = env.BOURSE_RATE_LIMITS?.trim().toLowerCase() === "off";
  const result = {} as Limits;
  for (const name of NAMES) {
    const base = ENV_NAMES[name];
    const scoped = (scope: Scope): Limit | null => {
      if (off) return null;
      const variable = `${base}_${scope.toUpperCase()}`;
      const own = env[variable];
      if (own !== undefined && own !== "") return parseLimit(variable, own);
      const shared = env[base];
      if (shared !== undefined && shared !== "") return parseLimit(base, shared);
      return DEFAULTS[name][scope];
    };
    result[name] = { ip: scoped("ip"), account: scoped("account") };
  }
  return result;
}

/** Keys are normalised (trimmed, lower-case) so `Bob@x.com` and `bob@x.com` share a counter. */
export function bucketOf(name: Name, scope: Scope, key: string): string {
  const digest = createHash("sha256").update(key.trim().toLowerCase()).digest("hex").slice(0, 32);
  return `${name}:${scope}:${digest}`;
}

/**
 * Count one attempt against `name` for each given key; throws RateLimitedError (429, Retry-After) when a
 * counter is over its limit. Attempts over the limit still count, so hammering does not reopen the window.
 */
export async function hit(
  name: Name,
  keys: { ip?: string | null; account?: string | null },
  now: Date = systemClock(),
): Promise<void> {
  const config = limits()[name];
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const checks = (["ip", "account"] as const).flatMap((scope) => {
    const key = keys[scope];
    const limit = config[scope];
    return key && limit ? [{ scope, key, limit }] : [];
  });
  const retryAfter = await Promise.all(
    checks.map(async ({ scope, key, limit }) => {
      const window = nowSeconds - (nowSeconds % limit.seconds);
      const end = window + limit.seconds;
      const result = await counters
        .update({ bucket: bucketOf(name, scope, key), window })
        .add({ count: 1 })
        .set({ expiresAt: end })
        .go({ response: "all_new" });
      return (result.data.count ?? 0) > limit.count ? Math.max(1, end - nowSeconds) : 0;
    }),
  );
  const longest = Math.max(0, ...retryAfter);
  if (longest > 0) throw new RateLimitedError(longest);
}
