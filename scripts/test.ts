/**
 * The one test command (`pnpm test`): every check and every runner, then a single closing line
 * `N passed, N failed` that totals them all (CI reads only that line). Two lanes run at once on the
 * machine's 2 cores: the checks then Vitest, and the production build then the journeys (which serve that
 * build); each step's output stays one block (scripts/lanes.ts). `--serial` runs the steps one after the
 * other instead.
 *
 * A check (lint, type check, SST type check, OpenNext build) counts as one test; Vitest and Playwright
 * count their own tests, read from their JSON reports. `--only <step,...>` runs a subset.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Block, inLanes, terminal } from "./lanes";
import {
  failuresInFile,
  ofExitCode,
  ofReportFile,
  PlaywrightFailures,
  PlaywrightReport,
  selectSteps,
  type Tally,
  total,
  VitestFailures,
  VitestReport,
} from "./tally";

/**
 * The two lanes, run at once: the checks and Vitest (about one core of work, much of it waiting on its
 * emulators), and the production build then the journeys that serve it (they mostly wait on the app's
 * own timers: a breaker's cool-down, a poll). Each lane runs its steps in the order listed.
 */
type Lane = "checks" | "product";

interface Step {
  name: string;
  lane: Lane;
  command: string[];
  env?: Record<string, string>;
  /** Reads the runner's own report; without it the step is one test that passes when it exits 0. */
  tally?: (exitCode: number) => Tally;
  /** The names of the tests its report says failed, repeated at the end (CI shows a run's last lines). */
  failures?: () => string[];
}

const reports = mkdtempSync(join(tmpdir(), "bourse-test-"));
const vitestReport = join(reports, "vitest.json");
const playwrightReport = join(reports, "playwright.json");

const steps: Step[] = [
  { name: "lint", lane: "checks", command: ["pnpm", "exec", "biome", "ci", "."] },
  { name: "typecheck", lane: "checks", command: ["pnpm", "run", "--silent", "typecheck"] },
  {
    name: "vitest",
    lane: "checks",
    command: [
      "pnpm",
      "exec",
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${vitestReport}`,
    ],
    tally: (code) => ofReportFile(vitestReport, code, VitestReport),
    failures: () => failuresInFile(vitestReport, VitestFailures),
  },
  { name: "sst-check", lane: "checks", command: ["pnpm", "exec", "tsx", "scripts/sst-check.ts"] },
  { name: "opennext-build", lane: "product", command: ["pnpm", "exec", "tsx", "scripts/opennext-build.ts"] },
  {
    name: "e2e",
    lane: "product",
    command: ["pnpm", "exec", "playwright", "test", "-c", "e2e/playwright.config.ts", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport },
    tally: (code) => ofReportFile(playwrightReport, code, PlaywrightReport),
    failures: () => failuresInFile(playwrightReport, PlaywrightFailures),
  },
];

function run(step: Step, block: Block): Promise<number> {
  return new Promise((resolve) => {
    const [cmd, ...args] = step.command;
    const child = spawn(cmd!, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...step.env },
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding("utf8");
      stream.on("data", (text: string) => block.write(text));
    }
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", () => resolve(127));
  });
}

const onlyArg = process.argv.indexOf("--only");
const selected = selectSteps(steps, onlyArg > 0 ? (process.argv[onlyArg + 1] ?? "") : undefined);
if ("error" in selected) {
  console.error(selected.error);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

// Every step inherits this PATH, so each runs on this Node (the bootstrap's: 24, as on Lambda).
console.log(`pnpm test on Node ${process.version}: ${selected.steps.map((s) => s.name).join(", ")}`);
const out = terminal((text) => process.stdout.write(text));
const began = Date.now();
const seconds = (from: number) => Math.round((Date.now() - from) / 1000);
const lanes = process.argv.includes("--serial")
  ? [selected.steps]
  : (["checks", "product"] as const)
      .map((lane) => selected.steps.filter((s) => s.lane === lane))
      .filter((l) => l.length);
const results = await inLanes(lanes, async (step) => {
  const started = Date.now();
  const block = out.open(
    `\n=== ${step.name} (at ${seconds(began)} s): ${step.command.join(" ")}\n`,
    `\n=== ${step.name}, continued\n`,
  );
  const code = await run(step, block);
  block.close();
  const tally = step.tally ? step.tally(code) : ofExitCode(code);
  return {
    step,
    tally,
    failures: tally.failed ? (step.failures?.() ?? []) : [],
    line: `${tally.failed ? "FAIL" : "ok  "} ${tally.passed} passed, ${tally.failed} failed (${seconds(started)} s)`,
  };
});
// The summary in the steps' own order, whichever lane ran them.
const done = results.flat().sort((a, b) => selected.steps.indexOf(a.step) - selected.steps.indexOf(b.step));
const tallies: Tally[] = done.map((r) => r.tally);
const sum = total(tallies);
const failures = done.flatMap((r) => r.failures.map((name) => `  ${r.step.name}: ${name}`));
console.log(
  `\n${failures.length ? `failed:\n${failures.join("\n")}\n\n` : ""}${done.map((r) => `${r.step.name.padEnd(16)} ${r.line}`).join("\n")}\n(${seconds(began)} s in all)\n`,
);
console.log(`${sum.passed} passed, ${sum.failed} failed`);
process.exit(sum.failed ? 1 : 0);
