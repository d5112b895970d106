import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Input, Progress } from "@/server/traffic/run";
import { api, json } from "./api";

/** The status page's traffic run (administrators): started, watched every second while it runs, stopped. */

const KEY = ["traffic"];

export function useTraffic(enabled: boolean) {
  return useQuery({
    queryKey: KEY,
    queryFn: async () => (await api<{ run: Progress | null }>("/api/admin/traffic")).run,
    enabled,
    refetchInterval: (query) => (query.state.data?.running ? 1000 : false),
  });
}

export function useStartTraffic() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: Input) =>
      (await api<{ run: Progress }>("/api/admin/traffic", json("POST", input))).run,
    onSuccess: (run) => client.setQueryData(KEY, run),
  });
}

export function useStopTraffic() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => (await api<{ run: Progress | null }>("/api/admin/traffic", json("DELETE"))).run,
    onSuccess: (run) => client.setQueryData(KEY, run),
  });
}
