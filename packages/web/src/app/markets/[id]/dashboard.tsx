"use client";

import Link from "next/link";
import { ApiError } from "@/client/api";
import { type TickerSentiment, useWatchlistSentiment } from "@/client/sentiment";
import { Card } from "@/components/card";
import { SentimentChart } from "./sentiment-chart";

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const when = (ms: number) =>
  new Date(ms).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const signed = (score: number) => (score > 0 ? `+${score.toFixed(2)}` : score.toFixed(2));

/** The next run as people read it: a time, or "any minute" once it is due. */
function nextRun(by: number): string {
  return by <= Date.now() ? "any minute now" : `by ${time(by)}`;
}

function Label({ label, score }: { label: string | null; score: number | null }) {
  if (label === null || score === null) return <span className="sentiment sentiment-none">no score yet</span>;
  return (
    <span className={`sentiment sentiment-${label}`} data-testid="sentiment-label">
      {label} {signed(score)}
    </span>
  );
}

function Ticker({ t, next }: { t: TickerSentiment; next: string }) {
  const trend =
    t.trend.delta === null ? "no trend yet" : `${t.trend.direction} (${signed(t.trend.delta)} day vs week)`;
  return (
    <Card id={`ticker-${t.symbol}`} title={`${t.symbol} · ${t.name}`} className="ticker-sentiment">
      <div data-testid={`ticker-${t.symbol}`}>
        <p className="sentiment-now">
          Now: <Label label={t.hour.label ?? t.day.label} score={t.hour.score ?? t.day.score} />{" "}
          <span className="muted small">
            hour {t.hour.articles} · day {t.day.articles} · week {t.week.articles} articles · {trend}
          </span>
        </p>
        {t.series.length > 0 ? (
          <SentimentChart symbol={t.symbol} series={t.series} />
        ) : (
          <p className="muted" data-testid="ticker-empty">
            No scored news about {t.symbol} in the last week yet. News is fetched every 5 minutes (next run{" "}
            {next}); each headline is scored as it arrives and shows up here.
          </p>
        )}
        {t.articles.length > 0 && (
          <ul className="headlines" aria-label={`Latest scored headlines about ${t.symbol}`}>
            {t.articles.map((a) => (
              <li key={a.id} data-testid="headline">
                <Label label={a.label} score={a.score} />{" "}
                <a href={a.url} target="_blank" rel="noopener noreferrer external">
                  {a.title}
                </a>{" "}
                <span className="muted small">
                  {a.source} · {when(a.publishedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

export function Dashboard({ id }: { id: string }) {
  const sentiment = useWatchlistSentiment(id);
  if (sentiment.isPending) return <p className="muted">Loading…</p>;
  if (sentiment.error) {
    const missing = sentiment.error instanceof ApiError && sentiment.error.status === 404;
    return (
      <>
        <h1>Watchlist</h1>
        <p className="error">
          {missing ? "No such watchlist of yours." : `Sentiment is unavailable: ${sentiment.error.message}`}
        </p>
        <p>
          <Link href="/markets">Your watchlists</Link>
        </p>
      </>
    );
  }
  const { watchlist, lastIngestedAt, newsStaleSince, nextIngestBy, tickers } = sentiment.data;
  const next = nextRun(nextIngestBy);
  return (
    <>
      <p className="muted small">
        <Link href="/markets">Watchlists</Link> /
      </p>
      <h1>{watchlist.name}</h1>
      <p className="muted" data-testid="last-ingested">
        {lastIngestedAt === null
          ? `No news has been gathered yet: the first run is due ${next}, then every 5 minutes.`
          : `News last gathered at ${time(lastIngestedAt)}; the next run is due ${next}.`}{" "}
        Scores run from −1 (bearish) to +1 (bullish), by an offline model, per headline and ticker.
      </p>
      {newsStaleSince !== null && (
        <p className="error" role="status" data-testid="news-stale">
          News is stale since {time(newsStaleSince)}: both news providers are unavailable, so the last runs
          were skipped.
        </p>
      )}
      {tickers.map((t) => (
        <Ticker key={t.symbol} t={t} next={next} />
      ))}
    </>
  );
}
