import type * as Calc from "@bourse/core/calc";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { refetchAfterWrite } from "./after-write";
import { api } from "./api";
import { settled, useMe } from "./auth";

export type Calculation = Calc.Info;
export type Operation = Calc.Operation;
type HistoryPage = { items: Calculation[]; cursor: string | null };

const HISTORY = ["calc-history"] as const;

/** POST /api/calc as the visitor (a guest or member: the calculation joins their history). */
export function useCalculate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { operation: Operation; operands: string[] }) => {
      await settled(client);
      return api<Calculation>("/api/calc", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input),
      });
    },
    onSuccess: () => refetchAfterWrite(client, HISTORY),
  });
}

/** The visitor's calculations, newest first, once their identity is known. */
export function useCalcHistory() {
  const me = useMe();
  return useInfiniteQuery({
    queryKey: [...HISTORY, me.data?.id],
    queryFn: ({ pageParam, signal }) =>
      api<HistoryPage>(
        pageParam ? `/api/calc/history?cursor=${encodeURIComponent(pageParam)}` : "/api/calc/history",
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.cursor,
    enabled: Boolean(me.data),
  });
}
