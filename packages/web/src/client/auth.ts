import type * as User from "@bourse/core/user";
import { type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { refetchAfterWrite } from "./after-write";
import { ApiError, api } from "./api";

/**
 * The visitor's identity in the browser. Tokens live in httpOnly cookies the page never sees; it only
 * asks /api/me who it is. A first visit gets an anonymous identity: GET /api/me → 401 → the api helper
 * tries POST /api/auth/refresh → still 401 → POST /api/auth/anonymous.
 */

export type Me = User.Info;

export interface SessionItem {
  id: string;
  userAgent?: string | null;
  ip?: string | null;
  createdAt: number;
  lastUsedAt?: number | null;
  expiresAt?: number | null;
  current: boolean;
}

const ME = ["me"] as const;

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: body === undefined ? undefined : JSON.stringify(body),
});

async function whoAmI(): Promise<Me> {
  try {
    return (await api<{ user: Me }>("/api/me")).user;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
    return (await api<{ user: Me }>("/api/auth/anonymous", { method: "POST" })).user;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME, queryFn: whoAmI, staleTime: 60_000, retry: false });
}

/** A new identity: the user is known, everything cached belongs to the previous one. */
function switchedTo(client: QueryClient, user: Me | undefined) {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== ME[0] });
  if (user) client.setQueryData(ME, user);
  else void client.resetQueries({ queryKey: ME });
}

export interface SignupInput {
  email: string;
  password: string;
  handle: string;
  displayName: string;
}

/**
 * Waits for the first visit's identity to settle: a guest being created while the visitor signs up or
 * logs in would otherwise answer last and put its cookies over the new session's, and a write sent before
 * the guest exists would be made without credentials (a calculation would not join the history).
 */
export async function settled(client: QueryClient) {
  await client.ensureQueryData({ queryKey: ME, queryFn: whoAmI }).catch(() => undefined);
}

export function useSignup() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignupInput) => {
      await settled(client);
      return (await api<{ user: Me }>("/api/auth/signup", json("POST", input))).user;
    },
    onSuccess: (user) => switchedTo(client, user),
  });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: { email: string; password: string }) => {
      await settled(client);
      return (await api<{ user: Me }>("/api/auth/login", json("POST", input))).user;
    },
    onSuccess: (user) => switchedTo(client, user),
  });
}

export function useRequestMagicLink() {
  return useMutation({
    mutationFn: (input: { email: string }) => api<unknown>("/api/auth/magic-link", json("POST", input)),
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>("/api/auth/logout", { method: "POST" }),
    // Forget the member's data, then become a guest again (a new anonymous identity).
    onSuccess: () => switchedTo(client, undefined),
  });
}

export type ProfilePatch = Partial<Pick<Me, "displayName" | "bio" | "handle">>;

export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (patch: ProfilePatch) =>
      (await api<{ user: Me }>("/api/me", json("PATCH", patch))).user,
    onSuccess: (user) => client.setQueryData(ME, user),
  });
}

/** This browser's session as GET /api/me tells it (how it was opened, whether a reset is allowed now). */
export interface CurrentSession {
  id: string;
  method: "password" | "magic-link" | "signup" | "anonymous" | null;
  /** Epoch ms until which a new password may be set without the current one; null: not now. */
  passwordResetUntil: number | null;
}

export function useCurrentSession(enabled = true) {
  return useQuery({
    queryKey: ["session-info"],
    queryFn: async () => (await api<{ session: CurrentSession }>("/api/me")).session,
    enabled,
  });
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    /** Without `current`: a reset (only within 15 minutes of signing in by magic link). */
    mutationFn: (input: { current?: string; next: string }) =>
      api<void>("/api/me/password", json("POST", input)),
    // Other sessions were revoked.
    onSuccess: () => refetchAfterWrite(client, ["sessions"]),
  });
}

export function useSessions(enabled = true) {
  return useQuery({
    queryKey: ["sessions"],
    queryFn: async () => (await api<{ items: SessionItem[] }>("/api/me/sessions")).items,
    enabled,
  });
}

export function useRevokeSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/me/sessions/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => refetchAfterWrite(client, ["sessions"]),
  });
}

/** Field-level messages of a validation error (`details: [{ path, message }]`), keyed by field. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const fields: Record<string, string> = {};
  if (Array.isArray(error.details))
    for (const issue of error.details as { path?: string; message?: string }[])
      if (issue.path && issue.message) fields[issue.path] ??= issue.message;
  if (error.code === "email_taken") fields.email = error.message;
  if (error.code === "handle_taken") fields.handle = error.message;
  return fields;
}
