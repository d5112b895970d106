import type * as Chaos from "@bourse/core/resilience/chaos";
import type * as Status from "@bourse/core/resilience/status";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { refetchAfterWrite } from "./after-write";
import { api, json } from "./api";
import { useLiveTopic } from "./realtime";

/**
 * The live status page's resilience view (administrators), refreshed every few seconds. A breaker's change
 * is pushed (topic `breakers`) and refreshes it at once; quotas, the mail queue and caches are only polled,
 * so polling slows down, never stops, while the push is live.
 */

export const REFRESH_MS = 3000;
export const LIVE_REFRESH_MS = 10_000;

export function useResilience(enabled: boolean) {
  const live = useLiveTopic(enabled ? "breakers" : undefined);
  const query = useQuery({
    queryKey: ["resilience"],
    queryFn: () => api<Status.Info>("/api/admin/resilience"),
    enabled,
    refetchInterval: live ? LIVE_REFRESH_MS : REFRESH_MS,
  });
  return { ...query, refreshMs: live ? LIVE_REFRESH_MS : REFRESH_MS, live };
}

export function useSetChaos() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({
      target,
      mode,
      minutes,
    }: {
      target: Chaos.Target;
      mode: Chaos.Mode;
      minutes?: number;
    }) =>
      (
        await api<{ switch: Chaos.Info }>(
          `/api/admin/chaos/${encodeURIComponent(target)}`,
          json("PUT", { mode, minutes }),
        )
      ).switch,
    onSuccess: () => refetchAfterWrite(client, ["resilience"]),
  });
}
