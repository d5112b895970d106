import type { Sentiment } from "@bourse/core/sentiment";
import { useQuery } from "@tanstack/react-query";
import { api } from "./api";
import { useMe } from "./auth";

export type WatchlistSentiment = Sentiment.WatchlistSentiment;
export type TickerSentiment = Sentiment.TickerSentiment;

/** A watchlist's sentiment, once the visitor's identity (a guest's too) is settled; refreshed each minute. */
export function useWatchlistSentiment(id: string) {
  const me = useMe();
  return useQuery({
    queryKey: ["watchlist-sentiment", id],
    queryFn: () => api<WatchlistSentiment>(`/api/watchlists/${encodeURIComponent(id)}/sentiment`),
    enabled: me.isSuccess,
    refetchInterval: 60_000,
    retry: (count, error) => count < 2 && !("status" in error && error.status === 404),
  });
}
