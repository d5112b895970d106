"use client";

import { useHealth } from "@/client/api";
import { useMe } from "@/client/auth";

/**
 * Live health, polled: an overall badge (`ok`/`degraded`) and an up/down badge per dependency. Detailed
 * (the status page), an administrator sees the breakers as stored now rather than through the server's
 * 60-second cache.
 */
export function HealthSummary({ detailed = false }: { detailed?: boolean }) {
  const me = useMe();
  const { data, error, dataUpdatedAt } = useHealth({ live: detailed && me.data?.role === "admin" });
  const status = data?.status ?? (error ? "unreachable" : "checking");
  return (
    <section className="card" aria-labelledby="health-title">
      <h2 id="health-title" className="card-title">
        Health{" "}
        <span aria-live="polite">
          <span data-testid="health-status" className={`badge badge-${status}`}>
            {status}
          </span>
        </span>
      </h2>
      {error && !data && <p className="error">The API did not answer: {error.message}</p>}
      {data && (
        <ul className="checks">
          {Object.entries(data.checks).map(([name, check]) => (
            <li key={name} data-testid={`health-check-${name}`}>
              <span className={`badge ${check.ok ? "badge-ok" : "badge-degraded"}`}>
                {check.ok ? "up" : "down"}
              </span>
              <span className="check-name">{name}</span>
            </li>
          ))}
        </ul>
      )}
      {detailed && data && (
        <p className="muted small">Checked {new Date(dataUpdatedAt).toLocaleTimeString()} · every 5 s</p>
      )}
    </section>
  );
}
