import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as Metrics from "@bourse/core/metrics";
import { Resource } from "sst";
import { describe, expect, it } from "vitest";
import { Client, member } from "@/server/auth.testing";
import { renderRules } from "../../../../../../stacks/monitoring/alerts";
import { renderDashboard } from "../../../../../../stacks/monitoring/panels";
import { POST as calculate } from "../calc/route";
import { GET } from "./route";

/** stacks/monitoring checked with the real tools: promtool on the rules and on a live scrape. */
const MONITORING = join(import.meta.dirname, "../../../../../../stacks/monitoring");
const read = (file: string) => readFileSync(join(MONITORING, file), "utf8");

function promtool(args: string[], input?: string) {
  const run = spawnSync("promtool", args, { input, encoding: "utf8" });
  if (run.error) throw new Error(`promtool did not run (bootstrap --test installs it): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

async function scrape() {
  // Traffic first, so the deployment-wide series have values: a stored calculation and a refused one.
  const client = new Client();
  const who = await member("monitoring");
  await client.send(calculate, "/api/calc", {
    body: { operation: "add", operands: [1, 2] },
    headers: who.bearer,
  });
  await client.send(calculate, "/api/calc", { body: { operation: "divide", operands: [1, 0] } });
  await Metrics.Series.flush();
  const response = await client.send(GET, "/api/metrics", {
    headers: { authorization: `Bearer ${Resource.MetricsScrapeToken.value}` },
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** The metric families a text exposition declares (# TYPE lines). */
const familiesOf = (text: string) =>
  new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string));

/** Metric names a PromQL text uses, without the histogram suffixes. */
const namesIn = (text: string) =>
  new Set(
    [...text.matchAll(/\b(bourse_[a-z0-9_]+)/g)].map((m) =>
      (m[1] as string).replace(/_(bucket|sum|count)$/, ""),
    ),
  );

describe("monitoring as code", () => {
  it("keeps rules.yml and dashboard.json rendered from alerts.ts and panels.ts", () => {
    expect(read("rules.yml")).toBe(renderRules());
    expect(read("dashboard.json")).toBe(renderDashboard());
  });

  it("has alert rules promtool accepts", () => {
    const check = promtool(["check", "rules", join(MONITORING, "rules.yml")]);
    expect(check.output).toContain("SUCCESS");
    expect(check.status).toBe(0);
  });

  it("exposes a scrape that promtool check metrics accepts", async () => {
    const text = await scrape();
    expect(text).toMatch(/^bourse_calc_operations_total\{operation="add",outcome="ok"\} \d+$/m);
    expect(text).toMatch(/^bourse_http_errors_total\{code="division_by_zero",.*\} \d+$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total\{scope="serving_instance"\} /m);
    const check = promtool(["check", "metrics"], text);
    expect(check.output).toBe("");
    expect(check.status).toBe(0);
  });

  it("uses in the rules and the dashboard only metrics the app exports", async () => {
    const exported = familiesOf(await scrape());
    for (const name of Object.keys(Metrics.CATALOG)) exported.add(name);
    const used = new Set([...namesIn(read("rules.yml")), ...namesIn(read("dashboard.json"))]);
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(exported, name).toContain(name);
  });
});
