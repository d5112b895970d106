/**
 * `pnpm dev`: the platform on a data folder (`.bourse`, or BOURSE_DATA_DIR), demo data, then the web app
 * behind the local front on PORT (default 3000). The app is `next dev`, or with `--prod` (or BOURSE_WEB=start)
 * the production build: `next build` (skipped when up to date), then `next start`. `--fresh` starts from
 * empty data. `--monitoring` also starts Prometheus (the Debian package) scraping the app with the alert
 * rules of stacks/monitoring. Ctrl-C stops everything.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port";
import { type Front, startFront } from "./front";
import { startPlatform } from "./platform";
import { type Prometheus, startPrometheus } from "./prometheus";
import { fingerprint, markBuilt, upToDate } from "./web-build";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WEB = join(ROOT, "packages", "web");
const port = Number(process.env.PORT ?? 3000);
const prod = process.argv.includes("--prod") || process.env.BOURSE_WEB === "start";
/*
 * Next runs in its own process group under a shell watching our stdin pipe. Closing the pipe, or this
 * process dying however it dies, makes the watcher send SIGTERM to the whole group, Next's workers included.
 * The shell ends with Next's status when Next ends by itself (a finished `next build`, a crashed server).
 */
const WATCHDOG = `exec 3<&0; "$@" </dev/null 3<&- & c=$!; { read _ <&3; kill -TERM 0; } & w=$!; trap '' INT TERM; wait $c; s=$?; kill $w 2>/dev/null; exit $s`;

// Mailed links and the app's origin checks read the public URL: here, the front's (before anything loads).
process.env.BOURSE_PUBLIC_URL ||= `http://localhost:${port}`;

const started = Date.now();
const dataDir = process.env.BOURSE_DATA_DIR ?? ".bourse";
const platform = await startPlatform({
  dataDir,
  fresh: process.argv.includes("--fresh"),
});
console.log(
  `platform up on Node ${process.version} in ${Date.now() - started} ms: ${JSON.stringify(platform.endpoints)}`,
);
console.log(`/api/metrics scrape token (a bearer): "MetricsScrapeToken" in ${join(dataDir, "secrets.json")}`);
console.log(
  `mail as sent, links included (local SES, LocalStack's convention): ${platform.endpoints.ses}/_aws/ses`,
);
for (const [name, url] of Object.entries(platform.functionUrls))
  console.log(`URL function ${name} (Lambda function URL, payload 2.0): ${url}`);
// Tools and journeys find the platform here (e.g. the local SES's mailbox at `${ses}/_aws/ses`).
writeFileSync(
  join(dataDir, "endpoints.json"),
  `${JSON.stringify({ ...platform.endpoints, functions: platform.functionUrls }, null, 2)}\n`,
);

let web: ChildProcess | undefined;
let front: Front | undefined;
let prometheus: Prometheus | undefined;
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (web && web.exitCode === null) {
    const exited = new Promise((done) => web?.once("exit", done));
    web.stdin?.end();
    await exited;
  }
  await prometheus?.stop();
  await front?.close();
  await platform.stop();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    // A second Ctrl-C does not wait: the watchdogs still take Java and Next down with this process.
    if (stopping) process.exit(130);
    console.log("\nstopping…");
    void shutdown(0);
  });

// Imported only now: application modules read `Resource` and the SDK endpoints when they load.
const { seedDemoData } = await import("./seed");
console.log(`demo data: ${await seedDemoData().catch((error) => `failed (${error}); going on without`)}`);

/** Next on a loopback port of its own: only the front reaches it. */
const internal = await freePort();
const env = { ...process.env, PORT: String(internal), NEXT_TELEMETRY_DISABLED: "1" };
const next = (...args: string[]) =>
  spawn("sh", ["-c", WATCHDOG, "next", "node_modules/.bin/next", ...args], {
    cwd: WEB,
    env,
    stdio: ["pipe", "inherit", "inherit"],
    detached: true,
  });

if (!stopping) front = await startFront({ port, target: `http://127.0.0.1:${internal}` });

if (prod && !stopping) {
  const sources = fingerprint(ROOT);
  if (upToDate(ROOT, WEB)) console.log("web: the production build is up to date");
  else {
    console.log("web: next build…");
    web = next("build");
    const code = await new Promise<number | null>((done) => web?.once("exit", done));
    if (code === 0) markBuilt(WEB, sources);
    else if (!stopping) {
      console.error(`next build failed (${code}); stopping the platform`);
      await shutdown(1);
    }
  }
}

if (!stopping) {
  const mode = prod ? "start" : "dev";
  web = next(mode, "--hostname", "127.0.0.1", "--port", String(internal));
  web.once("exit", () => {
    if (stopping) return;
    console.error("the web app exited; stopping the platform");
    void shutdown(1);
  });
  const answers = () =>
    fetch(`http://127.0.0.1:${internal}`, { method: "HEAD" }).then(
      () => true,
      () => false,
    );
  while (!stopping && !(await answers())) await new Promise((r) => setTimeout(r, 250));
  if (!stopping) console.log(`\nBourse is running at ${front?.url} (Ctrl-C to stop; next ${mode})\n`);
}

if (!stopping && process.argv.includes("--monitoring")) {
  const token = (JSON.parse(platform.env.SST_RESOURCE_MetricsScrapeToken ?? "{}") as { value?: string })
    .value;
  try {
    prometheus = await startPrometheus({
      target: `127.0.0.1:${port}`,
      token: token ?? "",
      directory: join(dataDir, "prometheus"),
    });
    prometheus.process.once("exit", (code) => {
      if (!stopping) console.error(`prometheus exited (${code}); the app goes on without it`);
    });
    console.log(`Prometheus (alert rules of stacks/monitoring loaded) at ${prometheus.url}\n`);
  } catch (error) {
    console.error(`monitoring: ${error instanceof Error ? error.message : error}`);
  }
}
