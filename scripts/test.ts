/**
 * The one test command (`pnpm test`): every check and every runner, one after the other, then a single
 * closing line `N passed, N failed` that totals them all (CI reads only that line).
 *
 * A check (lint, type check, SST type check, OpenNext build) counts as one test; Vitest and Playwright
 * count their own tests, read from their JSON reports. `--only <step,...>` runs a subset.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ofExitCode,
  ofReportFile,
  PlaywrightReport,
  selectSteps,
  type Tally,
  total,
  VitestReport,
} from "./tally";

interface Step {
  name: string;
  command: string[];
  env?: Record<string, string>;
  /** Reads the runner's own report; without it the step is one test that passes when it exits 0. */
  tally?: (exitCode: number) => Tally;
}

const reports = mkdtempSync(join(tmpdir(), "bourse-test-"));
const vitestReport = join(reports, "vitest.json");
const playwrightReport = join(reports, "playwright.json");

const steps: Step[] = [
  { name: "lint", command: ["pnpm", "exec", "biome", "ci", "."] },
  { name: "typecheck", command: ["pnpm", "run", "--silent", "typecheck"] },
  {
    name: "vitest",
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
  },
  { name: "sst-check", command: ["pnpm", "exec", "tsx", "scripts/sst-check.ts"] },
  { name: "opennext-build", command: ["pnpm", "exec", "tsx", "scripts/opennext-build.ts"] },
  {
    name: "e2e",
    command: ["pnpm", "exec", "playwright", "test", "-c", "e2e/playwright.config.ts", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport },
    tally: (code) => ofReportFile(playwrightReport, code, PlaywrightReport),
  },
];

function run(step: Step): Promise<number> {
  return new Promise((resolve) => {
    const [cmd, ...args] = step.command;
    const child = spawn(cmd!, args, { stdio: "inherit", env: { ...process.env, ...step.env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
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
const tallies: Tally[] = [];
const lines: string[] = [];
for (const step of selected.steps) {
  console.log(`\n=== ${step.name}: ${step.command.join(" ")}`);
  const started = Date.now();
  const code = await run(step);
  const tally = step.tally ? step.tally(code) : ofExitCode(code);
  tallies.push(tally);
  lines.push(
    `${step.name.padEnd(16)} ${tally.failed ? "FAIL" : "ok  "} ${tally.passed} passed, ${tally.failed} failed (${Math.round((Date.now() - started) / 1000)} s)`,
  );
}

const sum = total(tallies);
console.log(`\n${lines.join("\n")}\n`);
console.log(`${sum.passed} passed, ${sum.failed} failed`);
process.exit(sum.failed ? 1 : 0);
