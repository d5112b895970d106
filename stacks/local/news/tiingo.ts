/**
 * A local Tiingo News API (`GET /tiingo/news`), speaking its wire format (see
 * ../shared/reference/wire-formats.md): an array of articles with lower-case tickers, newest first; the key
 * as `Authorization: Token <key>` or `?token=`; Django REST Framework's `{ "detail": … }` errors (401 with
 * no or a wrong key, 429 over the hourly allocation). Stories come from ./recorded.ts.
 */
import { dayStart, storiesFor } from "./recorded";
import { type Answer, keyOf, type NewsServer, type NewsServerOptions, startNewsServer } from "./server";

const DAY = 86_400_000;

/** Tiingo's precision varies: whole seconds, microseconds, or +00:00 (the reference's note). */
function tiingoDate(at: number, id: number): string {
  const iso = new Date(at).toISOString();
  if (id % 3 === 0) return `${iso.slice(0, 19)}Z`;
  if (id % 3 === 1) return `${iso.slice(0, 23)}${String(id % 1000).padStart(3, "0")}Z`;
  return `${iso.slice(0, 19)}+00:00`;
}

export function startTiingoLocal(options: NewsServerOptions): Promise<NewsServer> {
  return startNewsServer(options, {
    answer(url, req, now): Answer {
      if (url.pathname.replace(/\/+$/, "") !== "/tiingo/news")
        return { status: 404, body: { detail: "Not found." } };
      const key = keyOf(req, url, "authorization");
      if (key === undefined)
        return { status: 401, body: { detail: "Authentication credentials were not provided." } };
      if (key !== options.apiKey) return { status: 401, body: { detail: "Invalid token." } };
      const start = url.searchParams.has("startDate")
        ? dayStart(url.searchParams.get("startDate"))
        : now - DAY;
      const end = url.searchParams.has("endDate") ? dayStart(url.searchParams.get("endDate")) : now;
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const offset = Number(url.searchParams.get("offset") ?? 0);
      if (start === null || end === null)
        return { status: 400, body: { detail: "Error: startDate and endDate must be YYYY-MM-DD" } };
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000 || !Number.isInteger(offset) || offset < 0)
        return { status: 400, body: { detail: "Error: limit must be 1-1000 and offset at least 0" } };
      const tickers = (url.searchParams.get("tickers") ?? "")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean);
      // endDate is a whole day, inclusive; nothing is published after now.
      const to = Math.min(now, end + DAY - 1);
      const byID = new Map<number, ReturnType<typeof storiesFor>[number]>();
      for (const ticker of tickers)
        for (const story of storiesFor(ticker, start, to)) if (story.tiingo) byID.set(story.id, story);
      const body = [...byID.values()]
        .sort((a, b) => b.publishedAt - a.publishedAt)
        .slice(offset, offset + limit)
        .map((s) => ({
          id: s.id,
          title: s.title,
          url: `https://${s.publisher.domain}${s.path}?utm_source=tiingo&utm_medium=api`,
          description: "",
          publishedDate: tiingoDate(s.publishedAt, s.id),
          crawlDate: tiingoDate(s.publishedAt + 60_000 + (s.id % 600_000), s.id),
          source: s.publisher.domain.replace(/^www\./, ""),
          tickers: s.tickers.map((t) => t.toLowerCase()),
          tags: ["Stock"],
        }));
      return { status: 200, body };
    },
    failure(status) {
      if (status === 429)
        return {
          status,
          body: {
            detail:
              "Error: You have run over your hourly request allocation. Please upgrade at https://api.tiingo.com/pricing to have your limits increased.",
          },
        };
      if (status >= 500)
        return { status, body: "<h1>Server Error (500)</h1>", contentType: "text/html; charset=utf-8" };
      return { status, body: { detail: `Error ${status}` } };
    },
    malform(body, how) {
      // The 2017 behaviour: a quota message as 200 text; or items missing fields and with wrong types.
      if (how === "payload") return "You have run over your 500 symbol look up for this month.";
      return body.map((item, i) => {
        if (i % 2) return item;
        const { title: _, ...rest } = item as Record<string, unknown>;
        return i % 4 === 0 ? rest : { ...rest, title: 42, publishedDate: "yesterday" };
      });
    },
  });
}
