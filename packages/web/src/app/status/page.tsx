import type { Metadata } from "next";
import { AdminOnly } from "@/app/outbox/admin-only";
import { HealthSummary } from "@/components/health-summary";
import { Crons } from "./crons";
import { Snapshots } from "./snapshots";

export const metadata: Metadata = { title: "Status" };

export default function StatusPage() {
  return (
    <>
      <h1>Status</h1>
      <HealthSummary detailed />
      <AdminOnly what="Metrics">
        <Snapshots />
      </AdminOnly>
      <AdminOnly what="Running crons">
        <Crons />
      </AdminOnly>
      <p className="muted">
        Prometheus scrapes <a href="/api/metrics">/api/metrics</a> with the stage&apos;s scrape token (or an
        administrator&apos;s session): process metrics, API requests by route and status, and the latest
        snapshot as gauges.
      </p>
    </>
  );
}
