/**
 * Tiingo's News API, `GET /tiingo/news` (see the wire formats reference): an array of articles, the key as
 * `Authorization: Token <key>` (never in the URL, so it stays out of logs), lower-case tickers.
 */
import { Resource } from "sst";
import * as z from "zod";
import { type Answer, type CallOptions, getJson, ProviderError, readItems } from "./provider";

export const DEFAULT_URL = "https://api.tiingo.com";

/** An article as Tiingo sends it (unknown keys, such as the legacy `sourceDate`, are ignored). */
export const Item = z.object({
  id: z.number().int(),
  title: z.string().trim().min(1).max(1000),
  url: z.url({ protocol: /^https?$/ }).max(2048),
  description: z.string().max(10_000).nullish(),
  publishedDate: z.string().min(10).max(40),
  crawlDate: z.string().max(40).nullish(),
  source: z.string().max(200).nullish(),
  tickers: z.array(z.string().max(20)).max(200),
  tags: z.array(z.string()).nullish(),
});

export interface Request {
  tickers: string[];
  /** `YYYY-MM-DD`, on publishedDate. */
  startDate: string;
  endDate: string;
  limit?: number;
  offset?: number;
}

/** One call: the newest articles on these tickers in the window (Tiingo sorts descending). */
export async function news(request: Request, options: CallOptions = {}): Promise<Answer> {
  const url = new URL(
    "tiingo/news",
    withSlash(options.baseUrl ?? process.env.BOURSE_TIINGO_URL ?? DEFAULT_URL),
  );
  url.searchParams.set("tickers", request.tickers.map((t) => t.toLowerCase()).join(","));
  url.searchParams.set("startDate", request.startDate);
  url.searchParams.set("endDate", request.endDate);
  url.searchParams.set("limit", String(request.limit ?? 100));
  url.searchParams.set("offset", String(request.offset ?? 0));
  url.searchParams.set("sortBy", "publishedDate");
  const key = options.apiKey ?? Resource.TiingoApiKey.value;
  const payload = await getJson(
    "tiingo",
    url,
    { authorization: `Token ${key}`, "content-type": "application/json" },
    options,
  );
  // An error sometimes comes as an object with `detail` and status 200.
  if (payload && typeof payload === "object" && !Array.isArray(payload) && "detail" in payload)
    throw new ProviderError(
      "tiingo",
      "rate_limited",
      String((payload as { detail: unknown }).detail).slice(0, 200),
    );
  return readItems("tiingo", payload, Item, (item) => {
    const publishedAt = Date.parse(item.publishedDate);
    if (Number.isNaN(publishedAt)) return "publishedDate: not a date";
    return {
      provider: "tiingo",
      url: item.url,
      title: item.title,
      description: item.description?.trim() ?? "",
      source: item.source?.trim() || new URL(item.url).hostname,
      publishedAt,
      tickers: item.tickers.map((t) => t.toUpperCase()),
    };
  });
}

export function withSlash(base: string): string {
  return base.endsWith("/") ? base : `${base}/`;
}
