import type * as Email from "@bourse/core/email";
import type * as Health from "@bourse/core/health";
import type * as Metrics from "@bourse/core/metrics";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { oas31 } from "zod-openapi";
import { refetchAfterWrite } from "./after-write";

/** An API error, as every route answers it: `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Fetch JSON; statuses in `accept` are answers too (health is a report with 200 or 503). */
export async function api<T>(path: string, init?: RequestInit, accept: number[] = []): Promise<T> {
  const send = () => fetch(path, { ...init, headers: { accept: "application/json", ...init?.headers } });
  let response = await send();
  // The access cookie lives minutes: on a 401, rotate it with the refresh cookie once and try again.
  if (response.status === 401 && !path.startsWith("/api/auth/") && (await refreshSession())) {
    response = await send();
  }
  const body = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (response.ok || accept.includes(response.status)) return body as T;
  const error = body?.error;
  throw new ApiError(
    response.status,
    error?.code ?? "http_error",
    error?.message ?? response.statusText,
    error?.details,
  );
}

/** A request with a JSON body (none when `body` is undefined). */
export const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: body === undefined ? {} : { "content-type": "application/json" },
  body: body === undefined ? undefined : JSON.stringify(body),
});

let refreshing: Promise<boolean> | undefined;

/** POST /api/auth/refresh, shared by the requests that got a 401 at the same time (one rotation only). */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch("/api/auth/refresh", { method: "POST" })
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

export type OutboxPage = { items: Email.Info[]; cursor: string | null };
export type SampleEmail = { to: string; subject: string; text: string };

/** `live`: the administrators' status page, which reads the breakers as stored now. */
export function useHealth({ live = false }: { live?: boolean } = {}) {
  return useQuery({
    queryKey: ["health", live],
    queryFn: () => api<Health.Report>(live ? "/api/health?live=true" : "/api/health", undefined, [503]),
    refetchInterval: 5000,
  });
}

export function useSnapshots(limit: number) {
  return useQuery({
    queryKey: ["metric-snapshots", limit],
    queryFn: () => api<{ items: Metrics.Snapshot[] }>(`/api/metrics/snapshots?limit=${limit}`),
    refetchInterval: 15_000,
  });
}

export function usePanels(minutes: number) {
  return useQuery({
    queryKey: ["metric-panels", minutes],
    queryFn: () => api<{ items: Metrics.PanelMinute[] }>(`/api/metrics/panels?minutes=${minutes}`),
    refetchInterval: 15_000,
  });
}

export function useOutbox() {
  return useInfiniteQuery({
    queryKey: ["outbox"],
    queryFn: ({ pageParam }) =>
      api<OutboxPage>(pageParam ? `/api/outbox?cursor=${encodeURIComponent(pageParam)}` : "/api/outbox"),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.cursor,
    refetchInterval: 2000,
  });
}

export function useSendSample() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (message: SampleEmail) =>
      api<Email.Info>("/api/outbox", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(message),
      }),
    onSuccess: () => refetchAfterWrite(client, ["outbox"]),
  });
}

export function useOpenApi() {
  return useQuery({
    queryKey: ["openapi"],
    queryFn: () => api<oas31.OpenAPIObject>("/api/openapi.json"),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
