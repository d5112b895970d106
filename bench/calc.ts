/**
 * Calc benchmark: throughput and latency of a stored calculation on loopback, served three ways, each next
 * to the same bare baseline at the same concurrency, and the emulator's own capacity measured in the same
 * run, so the reader can tell what the servers cost from what DynamoDB Local allows.
 *
 *   pnpm bench:calc            (or: pnpm exec tsx bench/calc.ts --connections 50 --low 4 --duration 10)
 *   BENCH_CALC_PROFILE=/tmp/prof pnpm bench:calc --skip-web     (and a CPU profile of the servers)
 *
 * Processes, so that no figure is the harness's: this one runs the local platform (DynamoDB Local's JVM,
 * the stream subscribers, the TTL sweeper); the servers under test run in one process of their own
 * (bench/calc/instance.ts: the bare `node:http` server and the Calc function URL, as a Lambda instance
 * has its own); the web app is `next start`; the load generator (autocannon) is a process per run
 * (bench/calc/load.ts). POST with a member's bearer token, `{ operation: "add", operands: ["0.1", "0.2",
 * "1.5"] }`.
 *
 * 1. DynamoDB Local warms up (its JIT): PutItem at 50 concurrent until the rate holds within 10 %.
 * 2. Its capacity: the bare server's PutItem in a loop, at 1 and at N concurrent (no HTTP), and the latency
 *    floor that follows at N connections (Little's law: mean latency = N / throughput).
 * 3. At N connections (50) and at a low count (4): bare, then the function URL; then (unless --skip-web)
 *    bare again, then /api/calc on `next start`. Each: requests/s, p50/p99, table commands per request,
 *    CPU of each process, the machine's load; the ratios to the bare server measured just before.
 * Goal: the function URL at ≥ 0.8× the bare server's throughput, with p99 < 50 ms.
 */
import { type ChildProcess, execFile, fork } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import { startPlatform } from "../stacks/local/platform";
import type { Puts, Ready, Request, Usage } from "./calc/instance";
import { startNextServer } from "./lib/next-server";

const { values: args } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    low: { type: "string", default: "4" },
    duration: { type: "string", default: "10" },
    "skip-web": { type: "boolean", default: false },
  },
});
const CONNECTIONS = Number(args.connections);
const LOW = Number(args.low);
const DURATION = Number(args.duration);
const WARM_SECONDS = 3;
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BODY = JSON.stringify({ operation: "add", operands: ["0.1", "0.2", "1.5"] });
const TSX = ["--import", "tsx"];
const TICKS = Number((await promisify(execFile)("getconf", ["CLK_TCK"])).stdout.trim()) || 100;

process.env.BOURSE_RATE_LIMITS = "off";
process.env.BOURSE_PUBLIC_URL ||= "http://localhost:3000";
const platform = await startPlatform({ crons: false, stage: "bench", log: () => {} });
const children: ChildProcess[] = [];
try {
  const instance = fork(join(ROOT, "bench/calc/instance.ts"), [`bourse-bench-CalcApi`], {
    cwd: ROOT,
    // BENCH_CALC_PROFILE=<dir>: a CPU profile of the servers' process, written when it stops.
    execArgv: [
      ...TSX,
      ...(process.env.BENCH_CALC_PROFILE
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CALC_PROFILE}`]
        : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.push(instance);
  const ask = <T>(request: Request | undefined, type: string) =>
    new Promise<T>((done, fail) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        instance.off("exit", onExit);
        instance.off("message", onMessage);
        done(message as T);
      };
      const onExit = (code: number | null) => fail(new Error(`the instance exited (${code})`));
      instance.on("message", onMessage).once("exit", onExit);
      if (request) instance.send(request);
    });
  const ready = await ask<Ready>(undefined, "ready");
  const headers = { "content-type": "application/json", authorization: `Bearer ${ready.token}` };
  const jvm = javaOf(new URL(platform.endpoints.dynamodb).port);
  const cores = cpus().length;

  console.log(
    `calc bench: ${CONNECTIONS} and ${LOW} connections, ${DURATION} s each (after ${WARM_SECONDS} s of warm-up), ` +
      `loopback, Node ${process.version}, ${cores} cores, load ${load()}\n`,
  );

  // 1. The JIT of DynamoDB Local: its first thousands of writes are several times slower.
  const warm: number[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await ask<Puts>({ type: "puts", concurrency: CONNECTIONS, seconds: 2 }, "puts");
    warm.push(r.count / r.seconds);
    const [before, now] = warm.slice(-2) as [number, number];
    if (warm.length >= 3 && Math.abs(now - before) / before < 0.1) break;
  }
  console.log(
    `DynamoDB Local warm-up, PutItem/s at ${CONNECTIONS} concurrent, 2 s each: ${warm.map((r) => r.toFixed(0)).join(", ")}`,
  );

  // 2. The emulator alone, from the instance's SDK client (no HTTP in between).
  const capacity = new Map<number, Puts & { rate: number }>();
  for (const concurrency of [1, LOW, CONNECTIONS]) {
    const cpu = sampleCpu({ instance: tree(instance.pid), jvm });
    const r = await ask<Puts>({ type: "puts", concurrency, seconds: DURATION / 2 }, "puts");
    const rate = r.count / r.seconds;
    capacity.set(concurrency, { ...r, rate });
    console.log(
      `DynamoDB Local alone, ${String(concurrency).padStart(2)} concurrent: ${rate.toFixed(0).padStart(5)} PutItem/s ` +
        `p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms  floor at ${concurrency}: ${floor(concurrency, rate)} ms mean  ` +
        `[${cpu().text}]`,
    );
  }
  const serial = capacity.get(1)?.rate ?? 0;
  const full = capacity.get(CONNECTIONS)?.rate ?? 0;
  console.log(
    `  → ${(full / serial).toFixed(2)}× the rate at 1 concurrent (a gain near 1× means writes are applied one at a time); at ${CONNECTIONS} connections ` +
      `any server waits ≥ ${floor(CONNECTIONS, full)} ms on average (p99 < 50 ms needs ≥ ${((CONNECTIONS / 50) * 1000).toFixed(0)} PutItem/s)\n`,
  );

  // 3. The servers.
  type Row = Result & { name: string; connections: number; calls?: string; put?: string };
  const rows: Row[] = [];
  /** `web`: the pids of the web server, else the instance serves (and counts its table commands). */
  const run = async (name: string, url: string, connections: number, web?: number[]) => {
    await drive(url, headers, connections, WARM_SECONDS); // JIT, connections, the SDK's sockets
    await ask<Usage>({ type: "usage" }, "usage");
    const cpu = sampleCpu({ ...(web ? { web } : {}), instance: tree(instance.pid), jvm });
    const r = await drive(url, headers, connections, DURATION);
    const spent = cpu(r.cpuSeconds);
    const usage = await ask<Usage>({ type: "usage" }, "usage");
    const row: Row = {
      ...r,
      name,
      connections,
      ...(web ? {} : { calls: perRequest(usage.calls, r.requests), put: usage.put }),
    };
    rows.push(row);
    console.log(
      `${name.padEnd(31)} c=${String(connections).padEnd(3)} ${r.rps.toFixed(0).padStart(5)} req/s  ` +
        `p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms` +
        (r.non2xx || r.errors ? `  (non-2xx ${r.non2xx}, errors ${r.errors})` : "") +
        `\n    ${row.calls ? `table per request: ${row.calls}; ` : ""}server CPU per request ${perMs(spent.cpu[web ? "web" : "instance"], r.requests)}` +
        `\n    CPU ${spent.text}`,
    );
    return row;
  };
  const compare = (what: string, a: Row, base: Row) =>
    console.log(
      `  → ${what} / bare: ${(a.rps / base.rps).toFixed(2)}× throughput; p99 ${a.p99} ms vs ${base.p99} ms\n`,
    );

  const goal: Row[] = [];
  for (const connections of [CONNECTIONS, LOW]) {
    const bare = await run("bare node:http + PutItem", ready.bare, connections);
    const fn = await run("Calc function URL (local)", ready.functionUrl, connections);
    compare("function URL", fn, bare);
    goal.push(bare, fn);
  }
  const [bare50, fn50] = goal as [Row, Row];
  console.log(
    `same PutItem: ${bare50.put === fn50.put ? "yes" : "NO"} (bare: ${bare50.put}; function: ${fn50.put})\n`,
  );

  if (!args["skip-web"]) {
    const web = await startNextServer(platform.env);
    children.push(web.process);
    for (const connections of [CONNECTIONS, LOW]) {
      const bare = await run("bare node:http + PutItem (again)", ready.bare, connections);
      const row = await run(
        "web /api/calc (next start)",
        `${web.url}/api/calc`,
        connections,
        tree(web.process.pid),
      );
      compare("web", row, bare);
    }
  }

  const ratio = fn50.rps / bare50.rps;
  const fnLow = goal[3] as Row;
  console.log(
    `goal at ${CONNECTIONS} connections: function URL ${ratio.toFixed(2)}× bare (≥ 0.80×: ${ratio >= 0.8 ? "met" : "NOT met"}), ` +
      `p99 ${fn50.p99} ms (< 50 ms: ${fn50.p99 < 50 ? "met" : "NOT met"}; this emulator's floor there is ${floor(CONNECTIONS, full)} ms mean)\n` +
      `at ${LOW} connections: function URL ${(fnLow.rps / (goal[2] as Row).rps).toFixed(2)}× bare, p99 ${fnLow.p99} ms ` +
      `(< 50 ms: ${fnLow.p99 < 50 ? "met" : "NOT met"}); load ${load()}`,
  );
  const failed = rows.filter((r) => r.non2xx || r.errors);
  if (failed.length) throw new Error(`non-2xx answers or errors in: ${failed.map((r) => r.name).join(", ")}`);
  instance.send({ type: "stop" } satisfies Request);
  await new Promise((done) => instance.once("exit", done));
} finally {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await platform.stop();
}

interface Result {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  cpuSeconds: number;
}

/** autocannon in a process of its own (bench/calc/load.ts), its result as one JSON line. */
async function drive(url: string, headers: Record<string, string>, connections: number, duration: number) {
  const options = { url, method: "POST", headers, body: BODY, connections, duration };
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...TSX, join(ROOT, "bench/calc/load.ts"), JSON.stringify(options)],
    { cwd: ROOT, maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Result;
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

function perMs(seconds: number | undefined, requests: number): string {
  return seconds === undefined || !requests ? "?" : `${((seconds / requests) * 1000).toFixed(2)} ms`;
}

function floor(connections: number, rate: number): string {
  return rate > 0 ? ((connections / rate) * 1000).toFixed(1) : "?";
}

function perRequest(calls: Record<string, number>, requests: number): string {
  return (
    Object.entries(calls)
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${(n / requests).toFixed(3)} ${name}`)
      .join(" + ") || "none"
  );
}

/** CPU ticks of every process, with its parent, from /proc. */
function processes(): Map<number, { ppid: number; ticks: number }> {
  const all = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Fields after the command (which may hold spaces): state ppid … utime(14) stime(15).
      const fields = readFileSync(`/proc/${name}/stat`, "utf8").split(") ").at(-1)?.split(" ") ?? [];
      all.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // Gone since the listing.
    }
  }
  return all;
}

/** A process and its descendants, as pids (taken now: the servers' processes are all up by then). */
function tree(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const all = processes();
  const found = [pid];
  for (let i = 0; i < found.length; i++)
    for (const [child, p] of all) if (p.ppid === found[i] && !found.includes(child)) found.push(child);
  return found;
}

/** DynamoDB Local's JVM: the java process serving the platform's port. */
function javaOf(port: string): number[] {
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (
        args[0]?.endsWith("java") &&
        args.includes("DynamoDBLocal.jar") &&
        args[args.indexOf("-port") + 1] === port
      )
        return [Number(name)];
    } catch {
      // Gone since the listing.
    }
  }
  return [];
}

/** The machine's busy and total jiffies (every core). */
function machine(): { busy: number; total: number } {
  const [, ...values] = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/);
  const n = values.map(Number);
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - (n[3] ?? 0) - (n[4] ?? 0), total };
}

/**
 * Starts measuring CPU: the returned function gives each group's share of one core since the start, this
 * process's (the platform's), the load generator's (its own count), and the machine's, with its load.
 */
function sampleCpu(groups: Record<string, number[]>) {
  const ticksOf = (pids: number[]) => {
    const all = processes();
    return pids.reduce((sum, pid) => sum + (all.get(pid)?.ticks ?? 0), 0);
  };
  const started = performance.now();
  const before = Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, ticksOf(pids)]));
  const self = process.cpuUsage();
  const box = machine();
  return (loadSeconds?: number) => {
    const seconds = (performance.now() - started) / 1000;
    const share = (cpuSeconds: number) => `${((cpuSeconds / seconds) * 100).toFixed(0)}%`;
    const all = processes();
    const cpu: Record<string, number> = {};
    for (const [name, pids] of Object.entries(groups))
      cpu[name] =
        (pids.reduce((sum, pid) => sum + (all.get(pid)?.ticks ?? 0), 0) - (before[name] ?? 0)) / TICKS;
    const parts = Object.entries(cpu).map(
      ([name, spent]) => `${name === "jvm" ? "DynamoDB Local" : name} ${share(spent)}`,
    );
    const mine = process.cpuUsage(self);
    parts.push(`platform ${share((mine.user + mine.system) / 1e6)}`);
    if (loadSeconds !== undefined) parts.push(`load generator ${share(loadSeconds)}`);
    const now = machine();
    const busy = (now.busy - box.busy) / (now.total - box.total || 1);
    return {
      cpu,
      text: `${parts.join(", ")} of a core; machine ${(busy * 100).toFixed(0)}% busy, load ${load()}`,
    };
  };
}
