import type { Metadata } from "next";
import { HealthSummary } from "../../components/health-summary";
import { Snapshots } from "./snapshots";

export const metadata: Metadata = { title: "Status" };

export default function StatusPage() {
  return (
    <>
      <h1>Status</h1>
      <HealthSummary detailed />
      <Snapshots />
      <p className="muted">
        Prometheus scrapes <a href="/api/metrics">/api/metrics</a>: process metrics, API requests by route and
        status, and the latest snapshot as gauges.
      </p>
    </>
  );
}
