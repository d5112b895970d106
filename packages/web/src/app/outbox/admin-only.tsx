"use client";

import type { ReactNode } from "react";
import { ApiError } from "@/client/api";
import { useMe } from "@/client/auth";

/** True when an API answer refused the caller (401/403): the page then says so instead of failing. */
export function isRefusal(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

/** What a non-administrator sees where an admin-only part would be. */
export function Refusal({ what }: { what: string }) {
  return (
    <section className="card" data-testid="admin-only" role="status">
      <h2 className="card-title">Administrators only</h2>
      <p className="muted">{what} is for administrators. Log in with an administrator account to see it.</p>
    </section>
  );
}

/**
 * Shows `children` to administrators only (the role from /api/me). Core refuses everyone else anyway: this
 * only spares others requests that would be refused, and says why.
 */
export function AdminOnly({ what, children }: { what: string; children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <p className="muted">Loading…</p>;
  if (me.data?.role !== "admin") return <Refusal what={what} />;
  return <>{children}</>;
}
