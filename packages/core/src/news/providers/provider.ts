import type * as z from "zod";

/** The news providers we read. */
export const PROVIDERS = ["tiingo", "finnhub"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** One story as a provider told it, normalised: every provider call answers these. */
export interface Fetched {
  provider: ProviderName;
  /** The provider's link (Finnhub's are often its own redirects). */
  url: string;
  title: string;
  description: string;
  /** The publisher, as the provider names it (a domain for Tiingo, a name for Finnhub). */
  source: string;
  /** Epoch milliseconds. */
  publishedAt: number;
  /** Upper-case symbols the provider tied the story to. */
  tickers: string[];
}

/** What one provider call brought back: the stories it could read and how many items it could not. */
export interface Answer {
  items: Fetched[];
  skipped: number;
  /** Why items were skipped (the first few), for the log. */
  problems: string[];
}

/**
 * A provider call that failed as a whole, by kind, so callers (and the next issue's breakers and quotas)
 * can tell a bad key from a throttle from an outage. The message never carries the key.
 */
export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly kind: "unauthorized" | "forbidden" | "rate_limited" | "unavailable" | "malformed",
    message: string,
    readonly status?: number,
  ) {
    super(`${provider}: ${message}`);
    this.name = "ProviderError";
  }
}

/** Where a provider is and the key it wants; tests and the next issue's wrappers may pass their own. */
export interface CallOptions {
  baseUrl?: string;
  apiKey?: string;
  fetch?: typeof fetch;
  /** Gives up on a provider that does not answer (default 10 s). */
  timeoutMs?: number;
}

const MAX_PROBLEMS = 5;

/**
 * Each item of a payload through its schema: a malformed one is skipped and counted, never half-kept. A
 * payload that is not a list at all is the provider failing (`malformed`).
 */
export function readItems<S extends z.ZodType>(
  provider: ProviderName,
  payload: unknown,
  schema: S,
  toFetched: (item: z.output<S>) => Fetched | string,
): Answer {
  if (!Array.isArray(payload)) throw new ProviderError(provider, "malformed", "the answer is not a list");
  const answer: Answer = { items: [], skipped: 0, problems: [] };
  const skip = (why: string) => {
    answer.skipped++;
    if (answer.problems.length < MAX_PROBLEMS) answer.problems.push(why);
  };
  for (const [at, raw] of payload.entries()) {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skip(`item ${at}: ${issue?.path.join(".") || "item"}: ${issue?.message}`);
      continue;
    }
    const fetched = toFetched(parsed.data);
    if (typeof fetched === "string") skip(`item ${at}: ${fetched}`);
    else answer.items.push(fetched);
  }
  return answer;
}

/**
 * A GET of a provider's JSON. Statuses map to ProviderError kinds; the body's own message (Tiingo's
 * `detail`, Finnhub's `error`) is kept, shortened. A 200 that is not JSON is a provider failure too (Tiingo
 * once answered quota errors as 200 text/plain).
 */
export async function getJson(
  provider: ProviderName,
  url: URL,
  headers: Record<string, string>,
  options: CallOptions,
): Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
  } catch (error) {
    throw new ProviderError(provider, "unavailable", `no answer (${(error as Error).name})`);
  }
  const text = await res.text().catch(() => "");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const said = messageOf(body) ?? text.slice(0, 200).trim();
  if (!res.ok) {
    const kind =
      res.status === 401
        ? "unauthorized"
        : res.status === 403
          ? "forbidden"
          : res.status === 429
            ? "rate_limited"
            : "unavailable";
    throw new ProviderError(provider, kind, `HTTP ${res.status}${said ? `: ${said}` : ""}`, res.status);
  }
  if (body === undefined) throw new ProviderError(provider, "malformed", `not JSON: ${said.slice(0, 80)}`);
  return body;
}

function messageOf(body: unknown): string | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  const { detail, error } = body as { detail?: unknown; error?: unknown };
  const said = typeof detail === "string" ? detail : typeof error === "string" ? error : undefined;
  return said?.slice(0, 200);
}

/** `YYYY-MM-DD` of a date, in UTC (both providers' date parameters). */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
