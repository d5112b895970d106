import type * as Alert from "@bourse/core/alert";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { refetchAfterWrite } from "./after-write";
import { api, json } from "./api";
import { useMe } from "./auth";

/** The alerts API in the browser: a member's rules, with react-query. */

export type AlertInfo = Alert.Info;
export type AlertInput = {
  target: Alert.Target;
  condition: Alert.Condition;
  cooldownMinutes?: number;
};

const key = ["alerts"] as const;

/** The member's rules (guests have none: rules mail an account's address). */
export function useAlerts() {
  const me = useMe();
  return useQuery({
    queryKey: key,
    queryFn: async () => (await api<{ items: AlertInfo[] }>("/api/alerts")).items,
    enabled: me.data?.kind === "member",
  });
}

function useAlertMutation<V>(run: (vars: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => refetchAfterWrite(client, key) });
}

export const useCreateAlert = () =>
  useAlertMutation((input: AlertInput) => api<{ alert: AlertInfo }>("/api/alerts", json("POST", input)));

export const useSetAlertEnabled = () =>
  useAlertMutation(({ id, enabled }: { id: string; enabled: boolean }) =>
    api(`/api/alerts/${id}`, json("PATCH", { enabled })),
  );

export const useDeleteAlert = () =>
  useAlertMutation((id: string) => api(`/api/alerts/${id}`, { method: "DELETE" }, [204]));

/** One-click unsubscribe from a mailed link's token (no session needed). */
export const useUnsubscribe = () =>
  useMutation({
    mutationFn: (token: string) =>
      api(`/api/alerts/unsubscribe?token=${encodeURIComponent(token)}`, { method: "POST" }),
  });
