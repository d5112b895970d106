import type { Chaos, Status } from "@bourse/core/resilience";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, json } from "./api";

/** The live status page's resilience view (administrators), refreshed every few seconds. */

export const REFRESH_MS = 3000;

export function useResilience(enabled: boolean) {
  return useQuery({
    queryKey: ["resilience"],
    queryFn: () => api<Status.Info>("/api/admin/resilience"),
    enabled,
    refetchInterval: REFRESH_MS,
  });
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
    onSuccess: () => client.invalidateQueries({ queryKey: ["resilience"] }),
  });
}
