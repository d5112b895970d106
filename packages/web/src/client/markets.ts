import type * as Ticker from "@bourse/core/ticker";
import type * as Watchlist from "@bourse/core/watchlist";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { refetchAfterWrite } from "./after-write";
import { api, json } from "./api";
import { useMe } from "./auth";

/** The markets API in the browser: ticker typeahead and the caller's watchlists, with react-query. */

export type TickerInfo = Ticker.Info;
export type WatchlistInfo = Watchlist.Info;
export type WatchlistEvent = Watchlist.Event;
export type WatchlistInput = { name: string; tickers: string[] };

export const marketKeys = {
  watchlists: ["watchlists"] as const,
  history: (id: string) => ["watchlists", id, "history"] as const,
  tickers: (q: string) => ["tickers", q.trim().toLowerCase()] as const,
};

/** The caller's watchlists, once the visit's identity (a guest at first) is settled. */
export function useWatchlists() {
  const me = useMe();
  return useQuery({
    queryKey: marketKeys.watchlists,
    queryFn: async () => (await api<{ items: WatchlistInfo[] }>("/api/watchlists")).items,
    enabled: Boolean(me.data),
  });
}

/** Typeahead: the best matches for what is typed (nothing asked for an empty query). */
export function useTickerSearch(q: string, limit = 8) {
  const query = q.trim();
  return useQuery({
    queryKey: [...marketKeys.tickers(query), limit],
    queryFn: async () =>
      (await api<{ items: TickerInfo[] }>(`/api/tickers?q=${encodeURIComponent(query)}&limit=${limit}`))
        .items,
    enabled: query.length > 0,
    staleTime: 3_600_000,
    placeholderData: keepPreviousData,
  });
}

export function useWatchlistHistory(id: string, enabled: boolean) {
  return useQuery({
    queryKey: marketKeys.history(id),
    queryFn: async () => (await api<{ items: WatchlistEvent[] }>(`/api/watchlists/${id}/history`)).items,
    enabled,
  });
}

/** Mutations answer the new state: the list is updated from it, then refetched to be sure. */
function useWatchlistMutation<V>(run: (vars: V) => Promise<WatchlistInfo | { deleted: string }>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (result) => {
      await client.cancelQueries({ queryKey: marketKeys.watchlists });
      client.setQueryData<WatchlistInfo[]>(marketKeys.watchlists, (lists = []) =>
        "deleted" in result
          ? lists.filter((w) => w.id !== result.deleted)
          : lists.some((w) => w.id === result.id)
            ? lists.map((w) => (w.id === result.id ? result : w))
            : [...lists, result],
      );
      void refetchAfterWrite(client, marketKeys.watchlists);
    },
  });
}

export function useCreateWatchlist() {
  return useWatchlistMutation(
    async (input: WatchlistInput) =>
      (await api<{ watchlist: WatchlistInfo }>("/api/watchlists", json("POST", input))).watchlist,
  );
}

export function useUpdateWatchlist(id: string) {
  return useWatchlistMutation(
    async (patch: Partial<WatchlistInput>) =>
      (await api<{ watchlist: WatchlistInfo }>(`/api/watchlists/${id}`, json("PATCH", patch))).watchlist,
  );
}

export function useDeleteWatchlist(id: string) {
  return useWatchlistMutation(async () => {
    await api(`/api/watchlists/${id}`, json("DELETE"));
    return { deleted: id };
  });
}
