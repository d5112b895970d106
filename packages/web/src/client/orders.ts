import type * as Order from "@bourse/core/order";
import type * as Partner from "@bourse/core/partner";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { refetchAfterWrite } from "./after-write";
import { api, json } from "./api";
import { pollUnlessLive, useLiveTopic } from "./realtime";

/** The partner order feeds' hooks: admin management, and a partner's live dashboard. */

type Items<T> = { items: T[]; cursor?: string | null };
const base = (id: string) => `/api/partners/${encodeURIComponent(id)}`;

export function usePartners(admin: boolean) {
  return useQuery({
    queryKey: ["partners", admin],
    queryFn: () => api<Items<Partner.Info>>(admin ? "/api/partners?limit=100" : "/api/partners/mine"),
  });
}

export function usePartnerAction<I, O>(run: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => refetchAfterWrite(client, ["partners"]),
  });
}

export const createPartner = (name: string) => api<Partner.Info>("/api/partners", json("POST", { name }));
export const createKey = (id: string) => api<Partner.CreatedKey>(`${base(id)}/keys`, json("POST"));
export const revokeKey = (id: string, keyId: string) =>
  api<void>(`${base(id)}/keys/${encodeURIComponent(keyId)}`, json("DELETE"));
export const putRules = (id: string, rules: Order.Rules) =>
  api<Order.RulesInfo>(`${base(id)}/rules`, json("PUT", rules));
export const addOperator = (id: string, handle: string) =>
  api<unknown>(`${base(id)}/operators`, json("POST", { handle }));
export const removeOperator = (id: string, userId: string) =>
  api<void>(`${base(id)}/operators/${encodeURIComponent(userId)}`, json("DELETE"));

export function useKeys(id: string) {
  return useQuery({
    queryKey: ["partners", id, "keys"],
    queryFn: () => api<Items<Partner.KeyInfo>>(`${base(id)}/keys`),
  });
}
export function useOperators(id: string) {
  return useQuery({
    queryKey: ["partners", id, "operators"],
    queryFn: () => api<Items<Partner.OperatorInfo>>(`${base(id)}/operators`),
  });
}
export function useRules(id: string) {
  return useQuery({
    queryKey: ["partners", id, "rules"],
    queryFn: () => api<Order.RulesInfo>(`${base(id)}/rules`),
  });
}

/** The newest orders: pushed (orders:<id>), or polled every 3 s when the socket is not there. */
export function useLiveOrders(id: string) {
  const live = useLiveTopic(`orders:${id}`);
  return useQuery({
    queryKey: ["orders", id],
    queryFn: () => api<Items<Order.Info>>(`${base(id)}/orders?order=desc&limit=25`),
    refetchInterval: pollUnlessLive(live, 3000),
  });
}

export function useOrderErrors(id: string, from: string, to: string) {
  return useInfiniteQuery({
    queryKey: ["order-errors", id, from, to],
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ limit: "25" });
      if (from) q.set("from", new Date(from).toISOString());
      if (to) q.set("to", new Date(to).toISOString());
      if (pageParam) q.set("cursor", pageParam);
      return api<Items<Order.ErrorInfo>>(`${base(id)}/errors?${q}`);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.cursor ?? null,
    refetchInterval: 5000,
  });
}

export function useDashboard(id: string, minutes: number) {
  const live = useLiveTopic(`orders:${id}`);
  return useQuery({
    queryKey: ["order-dashboard", id, minutes],
    queryFn: () => api<Order.Dashboard>(`${base(id)}/dashboard?minutes=${minutes}`),
    refetchInterval: pollUnlessLive(live, 5000),
  });
}
