import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  failuresInFile,
  ofExitCode,
  ofReport,
  ofReportFile,
  PlaywrightFailures,
  PlaywrightReport,
  selectSteps,
  total,
  VitestFailures,
  VitestReport,
} from "./tally";

const vitest = (passed: unknown, failed: unknown) =>
  JSON.stringify({ numPassedTests: passed, numFailedTests: failed });
const playwright = (stats: Record<string, unknown>) => JSON.stringify({ stats });

describe("the test runner's tally", () => {
  it("reads a runner's own counts", () => {
    expect(ofReport(vitest(366, 0), 0, VitestReport)).toEqual({ passed: 366, failed: 0 });
    expect(ofReport(vitest(360, 6), 1, VitestReport)).toEqual({ passed: 360, failed: 6 });
    expect(ofReport(playwright({ expected: 7, flaky: 1, unexpected: 2 }), 1, PlaywrightReport)).toEqual({
      passed: 8,
      failed: 2,
    });
  });

  it("fails a report with missing, negative, fractional or non-numeric counts", () => {
    for (const report of [
      JSON.stringify({ numPassedTests: 3 }),
      vitest("3", 0),
      vitest(-1, 0),
      vitest(1.5, 0),
      vitest(null, 0),
      playwright({ expected: 3, unexpected: 0 }),
      "{}",
      "not json",
      "",
    ])
      expect(ofReport(report, 0, report.includes("stats") ? PlaywrightReport : VitestReport)).toEqual({
        passed: 0,
        failed: 1,
      });
  });

  it("fails a runner that wrote no report, ran no test, or exited non-zero with nothing failed", () => {
    expect(ofReport(undefined, 0, VitestReport)).toEqual({ passed: 0, failed: 1 });
    expect(ofReportFile(join(tmpdir(), "no-such-report.json"), 0, VitestReport)).toEqual({
      passed: 0,
      failed: 1,
    });
    expect(ofReport(vitest(0, 0), 0, VitestReport)).toEqual({ passed: 0, failed: 1 });
    expect(ofReport(vitest(12, 0), 1, VitestReport)).toEqual({ passed: 12, failed: 1 });
  });

  it("reads a report file", () => {
    const file = join(mkdtempSync(join(tmpdir(), "tally-")), "vitest.json");
    writeFileSync(file, vitest(5, 1));
    expect(ofReportFile(file, 1, VitestReport)).toEqual({ passed: 5, failed: 1 });
  });

  it("counts a check by its exit code and totals every step", () => {
    expect(ofExitCode(0)).toEqual({ passed: 1, failed: 0 });
    expect(ofExitCode(2)).toEqual({ passed: 0, failed: 1 });
    expect(
      total([
        { passed: 1, failed: 0 },
        { passed: 366, failed: 2 },
        { passed: 0, failed: 1 },
      ]),
    ).toEqual({ passed: 367, failed: 3 });
  });

  it("refuses an --only that names no step or an unknown one", () => {
    const steps = [{ name: "lint" }, { name: "vitest" }, { name: "e2e" }];
    expect(selectSteps(steps, undefined)).toEqual({ steps });
    expect(selectSteps(steps, "vitest,e2e")).toEqual({ steps: [{ name: "vitest" }, { name: "e2e" }] });
    for (const only of ["", ",", "vitets", "vitest,nope"])
      expect(selectSteps(steps, only)).toHaveProperty("error");
  });

  it("names the failed tests of each report, and nothing for a report it cannot read", () => {
    const dir = mkdtempSync(join(tmpdir(), "tally-"));
    const vitestFile = join(dir, "vitest.json");
    writeFileSync(
      vitestFile,
      JSON.stringify({
        testResults: [
          {
            name: join(process.cwd(), "a.test.ts"),
            status: "failed",
            assertionResults: [
              { fullName: "a works", status: "passed", failureMessages: [] },
              {
                fullName: "a fails",
                status: "failed",
                failureMessages: ["AssertionError: 1 !== 2\n  at a.test.ts:3"],
              },
            ],
          },
          {
            name: join(process.cwd(), "b.test.ts"),
            status: "failed",
            message: "Cannot find module x",
            assertionResults: [],
          },
          { name: join(process.cwd(), "c.test.ts"), status: "passed", assertionResults: [] },
        ],
      }),
    );
    expect(failuresInFile(vitestFile, VitestFailures)).toEqual([
      "a.test.ts › a fails: AssertionError: 1 !== 2",
      "b.test.ts: Cannot find module x",
    ]);

    const playwrightFile = join(dir, "playwright.json");
    const spec = (title: string, status: string) => ({
      title,
      file: "x.spec.ts",
      line: 3,
      tests: [{ status }],
    });
    writeFileSync(
      playwrightFile,
      JSON.stringify({
        suites: [
          {
            specs: [spec("ok", "expected"), spec("flaky", "flaky")],
            suites: [{ specs: [spec("broken", "unexpected")] }],
          },
        ],
      }),
    );
    expect(failuresInFile(playwrightFile, PlaywrightFailures)).toEqual(["x.spec.ts:3 › broken"]);

    writeFileSync(join(dir, "bad.json"), "not json");
    expect(failuresInFile(join(dir, "bad.json"), VitestFailures)).toEqual([]);
    expect(failuresInFile(join(dir, "missing.json"), PlaywrightFailures)).toEqual([]);
  });
});
