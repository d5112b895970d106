"use client";

import type { ReactNode } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { isRefusal, Refusal } from "@/app/outbox/admin-only";
import { usePanels } from "@/client/api";

const MINUTES = 60;
const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2"];

type Row = Record<string, number | string | null>;

/** The Grafana dashboard's panels (stacks/monitoring/panels.ts) as charts, from the same series. */
export function Panels() {
  const { data, error, isPending } = usePanels(MINUTES);
  if (isRefusal(error)) return <Refusal what="Metrics" />;
  const items = data?.items ?? [];
  const rows = (pick: (m: (typeof items)[number]) => Row) =>
    items.map((m) => ({ minute: m.minute.slice(11), ...pick(m) }));
  const parts = [...new Set(items.flatMap((m) => Object.keys(m.perPart)))].sort();
  const ms = (s: number | null) => (s === null ? null : Math.round(s * 1000 * 10) / 10);
  return (
    <section className="card" aria-labelledby="panels-title" data-testid="status-panels">
      <h2 id="panels-title" className="card-title">
        Deployment-wide metrics{" "}
        <span className="muted small">the last {MINUTES} minutes, per minute (UTC)</span>
      </h2>
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">Metrics are unavailable: {error.message}</p>}
      {data && (
        <div className="panels">
          <Chart
            title="Calculations per minute"
            rows={rows((m) => ({ calculations: m.calculations }))}
            lines={["calculations"]}
          />
          <Chart
            title="Request latency (ms)"
            rows={rows((m) => ({ p50: ms(m.p50), p95: ms(m.p95), p99: ms(m.p99) }))}
            lines={["p50", "p95", "p99"]}
          />
          <Chart
            title="Error rate (5xx, %)"
            rows={rows((m) => ({ "5xx %": m.errorRate === null ? null : m.errorRate * 100 }))}
            lines={["5xx %"]}
          />
          <Chart
            title="In-flight requests"
            rows={rows((m) => ({ "in flight": m.inFlight }))}
            lines={["in flight"]}
          />
          <Chart
            title="Stream lag p95 (ms)"
            rows={rows((m) => ({ "lag p95": ms(m.streamLagP95) }))}
            lines={["lag p95"]}
          />
          <Chart title="Requests per second, by part" rows={rows((m) => ({ ...m.perPart }))} lines={parts} />
        </div>
      )}
    </section>
  );
}

function Chart({ title, rows, lines }: { title: string; rows: Row[]; lines: string[] }): ReactNode {
  return (
    <figure className="panel">
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={rows} margin={{ top: 5, right: 10, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="minute" minTickGap={30} fontSize={11} />
          <YAxis fontSize={11} width={48} />
          <Tooltip />
          {lines.length > 1 && <Legend />}
          {lines.map((line, i) => (
            <Line
              key={line}
              type="monotone"
              dataKey={line}
              stroke={COLORS[i % COLORS.length]}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
