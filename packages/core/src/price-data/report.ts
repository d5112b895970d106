import * as Email from "../email";
import * as User from "../user";
import { get as analysisOf, stored } from "./analysis";
import { runs } from "./entities";
import type { Aggregates, SymbolMetrics } from "./metrics";
import type * as Summary from "./summary";

/**
 * The report mailed to whoever uploaded the file once its analysis exists: summary, aggregates, a table
 * per symbol, the latest anomalies and a link to the run page (from BOURSE_PUBLIC_URL). Queued with the
 * outbox id the analysis fixed, so a replayed event queues the same mail, not a second one.
 */

/** Anomalies listed per symbol in the mail (the run page has them all). */
const LATEST_ANOMALIES = 3;

export type Reported = "queued" | "skipped";

export async function send(runID: string): Promise<Reported> {
  const analysis = await stored(runID);
  const run = (await runs.get({ runID }).go({ consistent: true })).data;
  if (!analysis || !run) return "skipped";
  const owner = await User.getItem(run.ownerID);
  if (!owner?.email) return "skipped";
  const full = await analysisOf(runID);
  if (!full) return "skipped";
  const base = process.env.BOURSE_PUBLIC_URL;
  if (!base) throw new Error("BOURSE_PUBLIC_URL is not set: the report's link cannot be built");
  const link = new URL(`/price-data/${runID}`, base).toString();
  const mail = render({
    filename: run.filename,
    link,
    correlationId: run.correlationId,
    metrics: full.metrics,
    aggregates: full.aggregates,
    summary: full.summary,
  });
  await Email.send({ id: analysis.reportEmailID, to: owner.email, ...mail });
  return "queued";
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(2)}%`);
const num = (x: number | null) => (x === null ? "n/a" : x.toFixed(2));

export interface Report {
  filename: string;
  link: string;
  correlationId: string;
  metrics: SymbolMetrics[];
  aggregates: Aggregates;
  summary: Summary.Info;
}

/** The mail's subject, text and HTML. Every value from the file is escaped. */
export function render(r: Report): { subject: string; text: string; html: string } {
  const a = r.aggregates;
  const source =
    r.summary.source === "bedrock"
      ? `Written by ${r.summary.model} (${r.summary.tokensIn} tokens in, ${r.summary.tokensOut} out, $${r.summary.costUsd.toFixed(6)})`
      : "Written from the numbers (no AI model)";
  const subject = `Price data report: ${r.filename.slice(0, 120)} (${a.sentiment})`;
  const cell = (v: string) =>
    `<td style="padding:2px 8px;border-bottom:1px solid #ddd">${escapeHtml(v)}</td>`;
  const head = (v: string) => `<th style="padding:2px 8px;text-align:left">${escapeHtml(v)}</th>`;
  const rows = r.metrics
    .map(
      (m) =>
        `<tr>${[m.symbol, num(m.close), pct(m.change1d), pct(m.change1w), pct(m.change1m), pct(m.momentum), pct(m.volatility20), m.trend, String(m.anomalies.length)].map(cell).join("")}</tr>`,
    )
    .join("");
  const anomalies = r.metrics
    .flatMap((m) =>
      m.anomalies
        .slice(-LATEST_ANOMALIES)
        .map(
          (x) =>
            `<li>${escapeHtml(`${m.symbol} ${x.date}: ${x.kind === "volume_spike" ? `volume ${x.value} > ${Math.round(x.threshold)}` : `move ${pct(x.value)}`}`)}</li>`,
        ),
    )
    .join("");
  const movers = (list: Aggregates["topGainers"]) =>
    list.map((m) => `${m.symbol} ${pct(m.change1w)}`).join(", ") || "none";
  const html = [
    `<h1 style="font-size:18px">Price data report: ${escapeHtml(r.filename)}</h1>`,
    `<h2 style="font-size:15px">Summary</h2><p>${escapeHtml(r.summary.executive)}</p><p><small>${escapeHtml(source)}</small></p>`,
    `<h2 style="font-size:15px">Market</h2><ul>`,
    `<li>Sentiment: ${escapeHtml(a.sentiment)} (mean 1-week change ${pct(a.meanChange1w)})</li>`,
    `<li>Top gainers: ${escapeHtml(movers(a.topGainers))}; top losers: ${escapeHtml(movers(a.topLosers))}</li>`,
    `<li>Turbulence: ${escapeHtml(a.turbulenceLevel ?? "n/a")} (${pct(a.turbulence)})</li>`,
    `<li>Anomalies: ${a.anomalies.volumeSpikes} volume spikes, ${a.anomalies.bigMoves} big moves</li></ul>`,
    `<h2 style="font-size:15px">Per symbol</h2><table style="border-collapse:collapse"><tr>${["Symbol", "Close", "1d", "1w", "1m", "Momentum", "Vol. 20d", "Trend", "Anomalies"].map(head).join("")}</tr>${rows}</table>`,
    `<h2 style="font-size:15px">Latest anomalies</h2><ul>${anomalies || "<li>none</li>"}</ul>`,
    `<p><a href="${escapeHtml(r.link)}">Open the run</a></p>`,
    `<p><small>Correlation id: ${escapeHtml(r.correlationId)}</small></p>`,
  ].join("\n");
  const text = [
    `Price data report: ${r.filename}`,
    "",
    r.summary.executive,
    `(${source})`,
    "",
    `Sentiment: ${a.sentiment}; top gainers: ${movers(a.topGainers)}; top losers: ${movers(a.topLosers)}; turbulence: ${a.turbulenceLevel ?? "n/a"}.`,
    "",
    ...r.metrics.map(
      (m) =>
        `${m.symbol}: close ${num(m.close)}, 1w ${pct(m.change1w)}, trend ${m.trend}, ${m.anomalies.length} anomalies`,
    ),
    "",
    `Open the run: ${r.link}`,
    `Correlation id: ${r.correlationId}`,
  ].join("\n");
  return { subject, text: text.slice(0, 100_000), html: html.slice(0, 200_000) };
}
