/**
 * `pnpm dev --monitoring`: a real Prometheus (the Debian package's binary) scraping the local app's
 * /api/metrics with the stage's scrape token, with stacks/monitoring's alert rules loaded.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port";

export const RULES = fileURLToPath(new URL("../monitoring/rules.yml", import.meta.url));

export interface PrometheusOptions {
  /** host:port of the app, scraped at /api/metrics. */
  target: string;
  /** The MetricsScrapeToken, sent as a bearer. */
  token: string;
  /** Where its configuration and data go. */
  directory: string;
  port?: number;
  scrapeIntervalSeconds?: number;
  binary?: string;
}

export interface Prometheus {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The configuration: one job, bearer from a file (never in the config or a command line). */
export function configOf(o: { target: string; tokenFile: string; interval: number }): string {
  return [
    "global:",
    `  scrape_interval: ${o.interval}s`,
    `  evaluation_interval: ${o.interval}s`,
    "rule_files:",
    `  - ${JSON.stringify(RULES)}`,
    "scrape_configs:",
    "  - job_name: bourse",
    "    metrics_path: /api/metrics",
    "    authorization:",
    "      type: Bearer",
    `      credentials_file: ${JSON.stringify(o.tokenFile)}`,
    "    static_configs:",
    `      - targets: [${JSON.stringify(o.target)}]`,
    "",
  ].join("\n");
}

export async function startPrometheus(o: PrometheusOptions): Promise<Prometheus> {
  mkdirSync(join(o.directory, "data"), { recursive: true });
  const tokenFile = join(o.directory, "scrape-token");
  writeFileSync(tokenFile, o.token, { mode: 0o600 });
  const config = join(o.directory, "prometheus.yml");
  writeFileSync(config, configOf({ target: o.target, tokenFile, interval: o.scrapeIntervalSeconds ?? 15 }));
  const port = o.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    o.binary ?? "prometheus",
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(o.directory, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const failed = new Promise<never>((_, fail) =>
    child.once("error", (error) =>
      fail(new Error(`prometheus did not start (apt-get install prometheus): ${error.message}`)),
    ),
  );
  const ready = async () => {
    // Asked every 50 ms (it is ready in ~0.3 s), up to 30 s.
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}`);
      if (
        await fetch(`${url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("prometheus was not ready within 30 s");
  };
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  try {
    await Promise.race([ready(), failed]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, process: child, stop };
}
