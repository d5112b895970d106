/**
 * Finnhub's company news, `GET /api/v1/company-news?symbol=&from=&to=` (see the wire formats reference): a
 * bare array per symbol, UNIX-seconds `datetime`, the key as `X-Finnhub-Token` (never in the URL).
 */
import { Resource } from "sst";
import * as z from "zod";
import { type Answer, type CallOptions, getJson, readItems } from "./provider";
import { withSlash } from "./tiingo";

/** The base includes `/api/v1`, as Finnhub's own clients have it. */
export const DEFAULT_URL = "https://finnhub.io/api/v1";

export const Item = z.object({
  category: z.string().max(100).nullish(),
  datetime: z.number().int().positive(),
  headline: z.string().trim().min(1).max(1000),
  id: z.number().int(),
  image: z.string().max(2048).nullish(),
  related: z.string().max(200).nullish(),
  source: z.string().max(500).nullish(),
  summary: z.string().max(10_000).nullish(),
  url: z.url({ protocol: /^https?$/ }).max(2048),
});

export interface Request {
  symbol: string;
  /** `YYYY-MM-DD`, both required by Finnhub. */
  from: string;
  to: string;
}

/** One call: a symbol's company news in the window. */
export async function companyNews(request: Request, options: CallOptions = {}): Promise<Answer> {
  const url = new URL(
    "company-news",
    withSlash(options.baseUrl ?? process.env.BOURSE_FINNHUB_URL ?? DEFAULT_URL),
  );
  url.searchParams.set("symbol", request.symbol.toUpperCase());
  url.searchParams.set("from", request.from);
  url.searchParams.set("to", request.to);
  const key = options.apiKey ?? Resource.FinnhubApiKey.value;
  const payload = await getJson("finnhub", url, { "x-finnhub-token": key }, options);
  const symbol = request.symbol.toUpperCase();
  return readItems("finnhub", payload, Item, (item) => ({
    provider: "finnhub",
    url: item.url,
    title: item.headline,
    description: item.summary?.trim() ?? "",
    source: item.source?.trim() || new URL(item.url).hostname,
    publishedAt: item.datetime * 1000,
    // `related` is the queried symbol, sometimes a comma list of several.
    tickers: [
      ...new Set([symbol, ...(item.related ?? "").split(",").map((s) => s.trim().toUpperCase())]),
    ].filter(Boolean),
  }));
}
