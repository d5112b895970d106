"use client";

import { isRefusal, Refusal } from "@/app/outbox/admin-only";
import { useSnapshots } from "@/client/api";

const LIMIT = 30;

/** The metrics cron's per-minute snapshots, newest first. */
export function Snapshots() {
  const { data, error, isPending } = useSnapshots(LIMIT);
  if (isRefusal(error)) return <Refusal what="Metrics" />;
  return (
    <section className="card" aria-labelledby="snapshots-title">
      <h2 id="snapshots-title" className="card-title">
        Metric snapshots <span className="muted small">the latest {LIMIT}, one a minute</span>
      </h2>
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">Snapshots are unavailable: {error.message}</p>}
      {data?.items.length === 0 && (
        <p className="muted">No snapshot yet: the metrics cron writes one a minute.</p>
      )}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="snapshots-table">
            <thead>
              <tr>
                <th scope="col">Minute (UTC)</th>
                <th scope="col" className="num">
                  Items written
                </th>
                <th scope="col">By entity</th>
                <th scope="col" className="num">
                  Stream lag
                </th>
                <th scope="col" className="num">
                  Failures
                </th>
                <th scope="col">By source</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((s) => (
                <tr key={s.minute}>
                  <td>{s.minute.replace("T", " ")}</td>
                  <td className="num">{s.itemsTotal}</td>
                  <td>{breakdown(s.items)}</td>
                  <td className="num">{s.streamLagMs === undefined ? "–" : `${s.streamLagMs} ms`}</td>
                  <td className={s.failuresTotal ? "num error" : "num"}>{s.failuresTotal}</td>
                  <td>{breakdown(s.failures)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function breakdown(counts: Record<string, number>) {
  const entries = Object.entries(counts);
  if (entries.length === 0) return <span className="muted">–</span>;
  return entries
    .sort(([, a], [, b]) => b - a)
    .map(([name, count]) => `${name} ${count}`)
    .join(", ");
}
