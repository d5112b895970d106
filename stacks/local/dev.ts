/**
 * `pnpm dev`: the platform on a data folder (`.bourse`, or BOURSE_DATA_DIR), demo data, then the web app
 * with `next dev` on PORT (default 3000). `--fresh` starts from empty data. Ctrl-C stops everything.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startPlatform } from "./platform";

const WEB = fileURLToPath(new URL("../../packages/web/", import.meta.url));
const port = Number(process.env.PORT ?? 3000);
/*
 * Next runs in its own process group under a shell watching our stdin pipe. Closing the pipe, or this
 * process dying however it dies, makes the shell send SIGTERM to the whole group, Next's workers included.
 */
const WATCHDOG = `"$@" </dev/null & c=$!; trap '' INT TERM; read _; kill -TERM 0; wait $c`;

const started = Date.now();
const dataDir = process.env.BOURSE_DATA_DIR ?? ".bourse";
const platform = await startPlatform({
  dataDir,
  fresh: process.argv.includes("--fresh"),
});
console.log(`platform up in ${Date.now() - started} ms: ${JSON.stringify(platform.endpoints)}`);
console.log(`/api/metrics scrape token (a bearer): "MetricsScrapeToken" in ${join(dataDir, "secrets.json")}`);
// Tools and journeys find the platform here (e.g. the local SES's mailbox at `${ses}/_aws/ses`).
writeFileSync(join(dataDir, "endpoints.json"), `${JSON.stringify(platform.endpoints, null, 2)}\n`);

let web: ChildProcess | undefined;
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (web && web.exitCode === null) {
    const exited = new Promise((done) => web?.once("exit", done));
    web.stdin?.end();
    await exited;
  }
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

if (!stopping) {
  web = spawn("sh", ["-c", WATCHDOG, "next", "node_modules/.bin/next", "dev", "--port", String(port)], {
    cwd: WEB,
    env: { ...process.env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["pipe", "inherit", "inherit"],
    detached: true,
  });
  web.once("exit", () => {
    if (stopping) return;
    console.error("the web app exited; stopping the platform");
    void shutdown(1);
  });
  const url = `http://localhost:${port}`;
  const answers = () =>
    fetch(url, { method: "HEAD" }).then(
      () => true,
      () => false,
    );
  while (!stopping && !(await answers())) await new Promise((r) => setTimeout(r, 250));
  if (!stopping) console.log(`\nBourse is running at ${url} (Ctrl-C to stop)\n`);
}
