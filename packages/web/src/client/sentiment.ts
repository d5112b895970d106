import type * as Sentiment from "@bourse/core/sentiment";
import { useQuery } from "@tanstack/react-query";
import { api } from "./api";
import { useMe } from "./auth";
import { pollUnlessLive, useLiveTopic } from "./realtime";

export type WatchlistSentiment = Sentiment.WatchlistSentiment;
export type TickerSentiment = Sentiment.TickerSentiment;

/**
 * A watchlist's sentiment, once the visitor's identity (a guest's too) is settled: pushed as its tickers'
 * hourly buckets change, or refreshed each minute when the socket is not there.
 */
export function useWatchlistSentiment(id: string) {
  const me = useMe();
  const live = useLiveTopic(me.isSuccess ? `watchlist:${id}` : undefined);
  return useQuery({
    queryKey: ["watchlist-sentiment", id],
    queryFn: () => api<WatchlistSentiment>(`/api/watchlists/${encodeURIComponent(id)}/sentiment`),
    enabled: me.isSuccess,
    refetchInterval: pollUnlessLive(live, 60_000),
    retry: (count, error) => count < 2 && !("status" in error && error.status === 404),
  });
}
