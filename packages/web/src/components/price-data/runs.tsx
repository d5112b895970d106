"use client";

import Link from "next/link";
import { type Run, useRuns } from "@/client/price-data";
import { Card } from "@/components/card";
import { count } from "./format";

export function RunStatus({ status }: { status: Run["status"] }) {
  return (
    <span className={`badge badge-run-${status}`} data-testid="run-status">
      {status}
    </span>
  );
}

/** The member's runs, newest first, refreshed while one is still moving. */
export function PriceRuns() {
  const runs = useRuns(true);
  return (
    <Card id="price-runs" title="Your runs">
      {runs.isPending && <p className="muted">Loading…</p>}
      {runs.error && <p className="error">Runs are unavailable: {runs.error.message}</p>}
      {runs.data && runs.data.items.length === 0 && (
        <p className="muted">No runs yet: upload a file above.</p>
      )}
      {runs.data && runs.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>File</th>
                <th>Status</th>
                <th className="num">Rows</th>
                <th className="num">Valid</th>
                <th className="num">Rejected</th>
                <th>Uploaded</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((run) => (
                <tr key={run.id} data-testid="price-run-row">
                  <td>
                    <Link href={`/price-data/${run.id}`}>{run.filename}</Link>
                  </td>
                  <td>
                    <RunStatus status={run.status} />
                  </td>
                  <td className="num">{run.counts ? count(run.counts.rows) : ""}</td>
                  <td className="num">{run.counts ? count(run.counts.valid) : ""}</td>
                  <td className="num">{run.counts ? count(run.counts.rejected) : ""}</td>
                  <td>
                    <time dateTime={new Date(run.createdAt).toISOString()}>
                      {new Date(run.createdAt).toLocaleString()}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
