"use client";

import { useState } from "react";
import { isRefusal, Refusal } from "@/app/outbox/admin-only";
import { useStartTraffic, useStopTraffic, useTraffic } from "@/client/traffic";
import { Card } from "@/components/card";

/**
 * The traffic generator's button: a realistic mix against this local stack for some minutes (bounded; it
 * stops by itself), with live progress: remaining time, throughput, latency and errors per kind.
 */
export function Traffic() {
  const run = useTraffic(true);
  const start = useStartTraffic();
  const stop = useStopTraffic();
  const [minutes, setMinutes] = useState(1);
  const [rps, setRps] = useState(10);
  if (isRefusal(run.error)) return <Refusal what="Traffic" />;
  const current = run.data;
  const report = current?.report;
  return (
    <Card id="traffic" title="Traffic generator">
      <form
        className="traffic-form"
        onSubmit={(event) => {
          event.preventDefault();
          start.mutate({ minutes, rps });
        }}
      >
        <label>
          minutes{" "}
          <input
            type="number"
            min={0.5}
            max={10}
            step={0.5}
            value={minutes}
            onChange={(e) => setMinutes(Number(e.target.value))}
            data-testid="traffic-minutes"
          />
        </label>{" "}
        <label>
          requests/s{" "}
          <input
            type="number"
            min={1}
            max={50}
            value={rps}
            onChange={(e) => setRps(Number(e.target.value))}
            data-testid="traffic-rps"
          />
        </label>{" "}
        <button
          type="submit"
          className="button"
          disabled={start.isPending || current?.running}
          data-testid="traffic-start"
        >
          Generate traffic
        </button>{" "}
        <button
          type="button"
          className="button-secondary"
          disabled={!current?.running || stop.isPending}
          onClick={() => stop.mutate()}
          data-testid="traffic-stop"
        >
          Stop
        </button>
      </form>
      {start.error && <p className="error">Could not start it: {start.error.message}</p>}
      {run.error && <p className="error">The run is unavailable: {run.error.message}</p>}
      {current && (
        <div data-testid="traffic-run" data-running={current.running}>
          <p role="status">
            {current.running
              ? `running against ${current.target}: ${Math.ceil(current.remainingMs / 1000)} s left`
              : `stopped ${current.stoppedBy === "admin" ? "by an administrator" : "by itself"}`}
            {current.error ? ` (failed: ${current.error})` : ""}
          </p>
          {report && (
            <>
              <p className="small">
                {report.requests} requests in {(report.elapsedMs / 1000).toFixed(0)} s:{" "}
                <strong>{report.throughput.toFixed(1)} req/s</strong>, p50 {report.p50} ms, p95 {report.p95}{" "}
                ms, p99 {report.p99} ms, {report.errors} errors; {report.visitors.active} visitors now (
                {report.visitors.members} members), {report.visitors.arrived} arrived
              </p>
              <table className="small" data-testid="traffic-kinds">
                <thead>
                  <tr>
                    <th>kind</th>
                    <th>requests</th>
                    <th>p50 ms</th>
                    <th>p95 ms</th>
                    <th>p99 ms</th>
                    <th>errors</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(report.kinds).map(([kind, k]) => (
                    <tr key={kind}>
                      <td className="mono">{kind}</td>
                      <td>{k?.requests}</td>
                      <td>{k?.p50}</td>
                      <td>{k?.p95}</td>
                      <td>{k?.p99}</td>
                      <td>{k?.errors}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {report.problems.length > 0 && (
                <p className="muted small">first errors: {report.problems.slice(0, 3).join("; ")}</p>
              )}
            </>
          )}
        </div>
      )}
      <p className="muted small">
        Guests and members with their own sessions browse, sign up, edit watchlists, read sentiment and feeds,
        post and like, against this stack&apos;s own loopback address only (refused on AWS). Also{" "}
        <span className="mono">pnpm traffic --minutes N --rps N</span>.
      </p>
    </Card>
  );
}
