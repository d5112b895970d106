"use client";

import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { refetchAfterWrite } from "@/client/after-write";
import { type Message, realtime } from "@/client/realtime";
import { keys } from "@/client/social";

/**
 * What each pushed message makes stale in react-query's cache (the queries refetch, if shown). A push
 * reports a write, so a read in flight may predate it: refetchAfterWrite reads again after it.
 */
function invalidate(client: QueryClient, message: Message) {
  const refresh = (queryKey: readonly unknown[]) => void refetchAfterWrite(client, queryKey);
  switch (message.type) {
    case "notification":
      refresh(keys.notifications);
      refresh(keys.unread);
      break;
    case "feed.post":
      refresh(["feed-head"]);
      break;
    case "sentiment":
      refresh(["watchlist-sentiment"]);
      break;
    case "order":
      refresh(["orders", message.data.partnerID]);
      refresh(["order-dashboard", message.data.partnerID]);
      break;
    case "breaker":
      refresh(["resilience"]);
      break;
  }
}

/** Feeds the tab's socket into the query cache; after each (re)subscription, the pushed queries catch up. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  useEffect(() => {
    const stopMessages = realtime.onMessage((message) => invalidate(client, message));
    const stopResync = realtime.onResubscribed(
      () =>
        void refetchAfterWrite(
          client,
          keys.notifications,
          keys.unread,
          ["feed-head"],
          ["watchlist-sentiment"],
          ["orders"],
          ["order-dashboard"],
          ["resilience"],
        ),
    );
    return () => {
      stopMessages();
      stopResync();
    };
  }, [client]);
  return children;
}
