import type * as Cron from "@bourse/core/cron";
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "./api";

/** The topology's crons, run on demand by administrators (the status page). */

export function useCrons(enabled: boolean) {
  return useQuery({
    queryKey: ["crons"],
    queryFn: async () => (await api<{ items: Cron.Info[] }>("/api/admin/crons")).items,
    enabled,
  });
}

export function useRunCron() {
  return useMutation({
    mutationFn: async (name: string) =>
      (await api<{ run: Cron.Run }>(`/api/admin/crons/${encodeURIComponent(name)}/run`, { method: "POST" }))
        .run,
  });
}
