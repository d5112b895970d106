"use client";

import Link from "next/link";
import { useState } from "react";
import { ApiError } from "@/client/api";
import { type RunDetail, settled, useRejects, useRun, useSeries } from "@/client/price-data";
import { Card } from "@/components/card";
import { PagedList } from "@/components/paged-list";
import { PriceChart } from "./chart";
import { count, pct, price, usd } from "./format";
import { RunStatus } from "./runs";

type Analysis = NonNullable<RunDetail["analysis"]>;

/** A run's page: status and counts, then (once done) the summary, market, charts, metrics and rejects. */
export function RunView({ id }: { id: string }) {
  const run = useRun(id);
  if (run.isPending) return <p className="muted">Loading…</p>;
  if (run.error)
    return (
      <p className="error">
        {run.error instanceof ApiError && run.error.status === 404
          ? "No such run of yours."
          : `The run is unavailable: ${run.error.message}`}
      </p>
    );
  const r = run.data;
  return (
    <>
      <p>
        <Link href="/price-data">← All runs</Link>
      </p>
      <h1>{r.filename}</h1>
      <Card id="run" title="Run">
        <dl className="meta">
          <dt>Status</dt>
          <dd>
            <RunStatus status={r.status} />
            {!settled(r) && <span className="muted"> (updating…)</span>}
          </dd>
          {r.counts && (
            <>
              <dt>Rows</dt>
              <dd data-testid="run-counts">
                {count(r.counts.rows)} rows: {count(r.counts.valid)} valid, {count(r.counts.rejected)}{" "}
                rejected
              </dd>
            </>
          )}
          {r.error && (
            <>
              <dt>Failed</dt>
              <dd className="error">{r.error}</dd>
            </>
          )}
          {r.duplicateOf && (
            <>
              <dt>Duplicate of</dt>
              <dd>
                <Link href={`/price-data/${r.duplicateOf}`}>an earlier run of the same file</Link>
              </dd>
            </>
          )}
          <dt>Symbols</dt>
          <dd>{r.symbols.join(", ") || "none yet"}</dd>
          <dt>Timings</dt>
          <dd>{timings(r)}</dd>
          <dt>Correlation id</dt>
          <dd className="mono" data-testid="correlation-id">
            {r.correlationId}
          </dd>
        </dl>
      </Card>
      {r.analysis && <AnalysisView id={id} analysis={r.analysis} />}
      {r.counts && r.counts.rejected > 0 && <Rejects id={id} reasons={r.counts.reasons} />}
    </>
  );
}

function timings(r: RunDetail): string {
  const t = r.timings;
  const span = (from?: number, to?: number) => (from && to ? `${((to - from) / 1000).toFixed(1)} s` : "…");
  return `ingest ${span(t.ingestStarted, t.ingested)}, analysis ${span(t.ingested, t.analysed)}, total ${span(t.queued, t.analysed)}`;
}

function AnalysisView({ id, analysis }: { id: string; analysis: Analysis }) {
  const { summary, aggregates: a, metrics } = analysis;
  const [symbol, setSymbol] = useState(metrics[0]?.symbol);
  const series = useSeries(id, symbol);
  return (
    <>
      <Card id="summary" title="Summary">
        <p data-testid="summary">{summary.executive}</p>
        <p className="small muted" data-testid="summary-source">
          {summary.source === "bedrock"
            ? `Written by ${summary.model}: ${summary.tokensIn} tokens in, ${summary.tokensOut} out, cost ${usd(summary.costUsd)}.`
            : `Written from the numbers (no AI model)${summary.note ? `: ${summary.note}` : ""}. Cost ${usd(summary.costUsd)}.`}
        </p>
      </Card>
      <Card id="market" title="Market">
        <dl className="meta">
          <dt>Sentiment</dt>
          <dd>
            {a.sentiment} (mean 1-week change {pct(a.meanChange1w)})
          </dd>
          <dt>Top gainers</dt>
          <dd>{a.topGainers.map((m) => `${m.symbol} ${pct(m.change1w)}`).join(", ") || "none"}</dd>
          <dt>Top losers</dt>
          <dd>{a.topLosers.map((m) => `${m.symbol} ${pct(m.change1w)}`).join(", ") || "none"}</dd>
          <dt>Turbulence</dt>
          <dd>
            {a.turbulenceLevel ?? "n/a"} (mean 20-day volatility {pct(a.turbulence)})
          </dd>
          <dt>Anomalies</dt>
          <dd>
            {count(a.anomalies.volumeSpikes)} volume spikes, {count(a.anomalies.bigMoves)} moves over 5%
          </dd>
        </dl>
      </Card>
      <Card id="chart" title="Chart">
        <div className="chart-symbols" role="tablist" aria-label="Symbol">
          {metrics.map((m) => (
            <button
              key={m.symbol}
              type="button"
              role="tab"
              aria-selected={m.symbol === symbol}
              className={m.symbol === symbol ? undefined : "button-secondary"}
              onClick={() => setSymbol(m.symbol)}
            >
              {m.symbol}
            </button>
          ))}
        </div>
        {series.isPending && <p className="muted">Loading the chart…</p>}
        {series.error && <p className="error">The chart is unavailable: {series.error.message}</p>}
        {series.data && <PriceChart series={series.data} />}
        {symbol && <p className="small">{summary.symbols[symbol]}</p>}
      </Card>
      <Card id="metrics" title="Metrics per symbol">
        <div className="table-wrap">
          <table data-testid="metrics-table">
            <thead>
              <tr>
                {[
                  "Symbol",
                  "Rows",
                  "Close",
                  "1d",
                  "1w",
                  "1m",
                  "Momentum",
                  "Vol. 20d",
                  "Vol. all",
                  "SMA20",
                  "SMA50",
                  "Trend",
                  "Anomalies",
                ].map((h) => (
                  <th key={h} className={h === "Symbol" || h === "Trend" ? undefined : "num"}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {metrics.map((m) => (
                <tr key={m.symbol}>
                  <td>{m.symbol}</td>
                  <td className="num">{count(m.rows)}</td>
                  <td className="num">{price(m.close)}</td>
                  <td className="num">{pct(m.change1d)}</td>
                  <td className="num">{pct(m.change1w)}</td>
                  <td className="num">{pct(m.change1m)}</td>
                  <td className="num">{pct(m.momentum)}</td>
                  <td className="num">{pct(m.volatility20)}</td>
                  <td className="num">{pct(m.volatilityAll)}</td>
                  <td className="num">{price(m.sma20)}</td>
                  <td className="num">{price(m.sma50)}</td>
                  <td>{m.trend.replace("_", " ")}</td>
                  <td className="num">{count(m.anomalies.length)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}

function Rejects({ id, reasons }: { id: string; reasons: Record<string, number> }) {
  const list = useRejects(id, true);
  const found = Object.entries(reasons).filter(([, n]) => n > 0);
  return (
    <Card id="rejects" title="Rejected rows">
      <p className="small">
        {found.map(([reason, n]) => `${reason.replaceAll("_", " ")}: ${count(n)}`).join(" · ")}
      </p>
      <PagedList
        list={list}
        unavailable="Rejects are unavailable"
        empty="No rejected rows."
        more="More rejected rows"
      >
        {(items) => (
          <div className="table-wrap">
            <table data-testid="rejects-table">
              <thead>
                <tr>
                  <th className="num">Row</th>
                  <th>Symbol</th>
                  <th>Date</th>
                  <th>Reasons</th>
                  <th>As sent</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.index}>
                    <td className="num">{r.index + 1}</td>
                    <td>{r.symbol ?? ""}</td>
                    <td>{r.datetime ?? ""}</td>
                    <td>{r.reasons.join(", ")}</td>
                    <td className="mono small">{JSON.stringify(r.row)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedList>
    </Card>
  );
}
