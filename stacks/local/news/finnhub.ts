/**
 * A local Finnhub company-news API (`GET /api/v1/company-news?symbol=&from=&to=`), speaking its wire
 * format (see ../shared/reference/wire-formats.md): a bare array per symbol with UNIX-seconds `datetime`;
 * the key as `?token=` or `X-Finnhub-Token`; `{ "error": … }` answers (401 with no or a wrong key, 429 over
 * the limit). Half its links are Finnhub redirects, half the publisher's with tracking added, as seen live.
 * Stories come from ./recorded.ts.
 */
import { createHash } from "node:crypto";
import { dayStart, storiesFor } from "./recorded";
import { type Answer, keyOf, type NewsServer, type NewsServerOptions, startNewsServer } from "./server";

const DAY = 86_400_000;

export function startFinnhubLocal(options: NewsServerOptions): Promise<NewsServer> {
  return startNewsServer(options, {
    answer(url, req, now): Answer {
      if (url.pathname.replace(/\/+$/, "") !== "/api/v1/company-news")
        return { status: 404, body: { error: "Not found" } };
      const key = keyOf(req, url, "x-finnhub-token");
      if (!key) return { status: 401, body: { error: "Please use an API key." } };
      if (key !== options.apiKey) return { status: 401, body: { error: "Invalid API key." } };
      const symbol = url.searchParams.get("symbol")?.trim().toUpperCase();
      const from = dayStart(url.searchParams.get("from"));
      const to = dayStart(url.searchParams.get("to"));
      if (!symbol) return { status: 422, body: { error: "Symbol is required." } };
      if (from === null || to === null) return { status: 422, body: { error: "Wrong date format." } };
      const body = storiesFor(symbol, from, Math.min(now, to + DAY - 1))
        .filter((s) => s.finnhub)
        .map((s) => ({
          category: "company",
          datetime: Math.floor(s.publishedAt / 1000),
          headline: s.title,
          id: s.id + 100_000_000,
          image: "",
          related: symbol,
          source: s.publisher.name,
          summary: "",
          url:
            s.id % 2
              ? `https://finnhub.io/api/news?id=${createHash("sha256").update(String(s.id)).digest("hex")}`
              : `https://${s.publisher.domain.toUpperCase()}${s.path}?utm_source=finnhub&utm_campaign=company-news#article`,
        }));
      return { status: 200, body };
    },
    failure(status) {
      if (status === 429)
        return { status, body: { error: "API limit reached. Please try again later. Remaining Limit: 0" } };
      if (status === 403) return { status, body: { error: "You don't have access to this resource." } };
      return { status, body: { error: "Internal server error." } };
    },
    malform(body, how) {
      if (how === "payload")
        return { error: "API limit reached. Please try again later. Remaining Limit: 0" };
      return body.map((item, i) => {
        if (i % 2) return item;
        const bad = { ...(item as Record<string, unknown>) };
        if (i % 4 === 0) delete bad.headline;
        else bad.datetime = "2024-01-01";
        return bad;
      });
    },
  });
}
