import type { Metadata } from "next";
import { AdminOnly } from "@/app/outbox/admin-only";
import { HealthSummary } from "@/components/health-summary";
import { Crons } from "./crons";
import { Panels } from "./panels";
import { Resilience } from "./resilience";
import { Snapshots } from "./snapshots";
import { Traffic } from "./traffic";

export const metadata: Metadata = { title: "Status" };

export default function StatusPage() {
  return (
    <>
      <h1>Status</h1>
      <HealthSummary detailed />
      <AdminOnly what="Metrics">
        <Panels />
        <Snapshots />
      </AdminOnly>
      <AdminOnly what="Resilience">
        <Resilience />
      </AdminOnly>
      <AdminOnly what="Running crons">
        <Crons />
      </AdminOnly>
      <AdminOnly what="Traffic">
        <Traffic />
      </AdminOnly>
      <p className="muted">
        Prometheus scrapes <a href="/api/metrics">/api/metrics</a> with the stage&apos;s scrape token (or an
        administrator&apos;s session): deployment-wide requests, errors, latency, calculations, stream lag and
        table latency (the same series as the charts above), this instance&apos;s process metrics, and the
        latest snapshot as gauges. Alert rules and a Grafana dashboard are in stacks/monitoring.
      </p>
    </>
  );
}
