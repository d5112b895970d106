/**
 * How `scripts/test.ts` counts: a check is one test; a runner counts its own tests from its JSON report.
 * Every way of counting nothing is a failure, never a silent pass: a report that is missing, unreadable or
 * lacks a number, a runner that ran no test, a runner that exited non-zero with no failure in its report,
 * and an `--only` that names no known step.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import * as z from "zod";

export interface Tally {
  passed: number;
  failed: number;
}

const Count = z.number().int().nonnegative();

/** Vitest's JSON reporter (`--reporter=json`). */
export const VitestReport = z
  .object({ numPassedTests: Count, numFailedTests: Count })
  .transform((r): Tally => ({ passed: r.numPassedTests, failed: r.numFailedTests }));

/** Playwright's JSON reporter: a flaky test passed on retry; unexpected ones failed. */
export const PlaywrightReport = z
  .object({ stats: z.object({ expected: Count, flaky: Count, unexpected: Count }) })
  .transform((r): Tally => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected }));

const firstLine = (text: string | undefined) => (text ?? "").trim().split("\n")[0]!.slice(0, 200);

/** The failed tests that Vitest's JSON report names: `file › test: first line of the error`. */
export const VitestFailures = z
  .object({
    testResults: z.array(
      z.object({
        name: z.string(),
        status: z.string(),
        message: z.string().optional(),
        assertionResults: z.array(
          z.object({
            fullName: z.string(),
            status: z.string(),
            failureMessages: z.array(z.string()).optional(),
          }),
        ),
      }),
    ),
  })
  .transform((r) =>
    r.testResults.flatMap((file) => {
      const name = relative(process.cwd(), file.name);
      const failed = file.assertionResults
        .filter((a) => a.status === "failed")
        .map((a) => `${name} › ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
      // A file that failed outside any test (an import, a hook) names no assertion.
      return failed.length || file.status !== "failed" ? failed : [`${name}: ${firstLine(file.message)}`];
    }),
  );

interface PlaywrightSuite {
  specs?: { title: string; file: string; line: number; tests: { status: string }[] }[];
  suites?: PlaywrightSuite[];
}
const PlaywrightSuite: z.ZodType<PlaywrightSuite> = z.lazy(() =>
  z.object({
    specs: z
      .array(
        z.object({
          title: z.string(),
          file: z.string(),
          line: z.number(),
          tests: z.array(z.object({ status: z.string() })),
        }),
      )
      .optional(),
    suites: z.array(PlaywrightSuite).optional(),
  }),
);
const unexpected = (suite: PlaywrightSuite): string[] => [
  ...(suite.specs ?? [])
    .filter((s) => s.tests.some((t) => t.status === "unexpected"))
    .map((s) => `${s.file}:${s.line} › ${s.title}`),
  ...(suite.suites ?? []).flatMap(unexpected),
];

/** The journeys that Playwright's JSON report counts as unexpected (failed after any retries). */
export const PlaywrightFailures = z
  .object({ suites: z.array(PlaywrightSuite) })
  .transform((r) => r.suites.flatMap(unexpected));

/** A report's failed tests by name; nothing when the report is missing or of another shape. */
export function failuresInFile(path: string, schema: z.ZodType<string[]>): string[] {
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(path, "utf8")));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** A plain check: it passes when it exits 0. */
export function ofExitCode(code: number): Tally {
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

/** A runner's tally from the text of its report and its exit code. */
export function ofReport(text: string | undefined, code: number, schema: z.ZodType<Tally>): Tally {
  let parsed: z.ZodSafeParseResult<Tally> | undefined;
  try {
    parsed = text === undefined ? undefined : schema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) return { passed: 0, failed: 1 };
  const tally = parsed.data;
  if (tally.passed + tally.failed === 0) return { passed: 0, failed: 1 };
  if (code !== 0 && tally.failed === 0) return { passed: tally.passed, failed: 1 };
  return tally;
}

/** `ofReport` over a report file, which a crashed runner may never have written. */
export function ofReportFile(path: string, code: number, schema: z.ZodType<Tally>): Tally {
  let text: string | undefined;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    text = undefined;
  }
  return ofReport(text, code, schema);
}

/** The steps `--only a,b` selects, or an error naming what it does not know (or that it names nothing). */
export function selectSteps<S extends { name: string }>(
  steps: S[],
  only: string | undefined,
): { steps: S[] } | { error: string } {
  if (only === undefined) return { steps };
  const names = only
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const known = new Set(steps.map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n));
  if (!names.length || unknown.length)
    return {
      error: `--only ${unknown.length ? `names no step: ${unknown.join(", ")}` : "names no step"} (steps: ${[...known].join(", ")})`,
    };
  return { steps: steps.filter((s) => names.includes(s.name)) };
}

export function total(tallies: Tally[]): Tally {
  return tallies.reduce((sum, t) => ({ passed: sum.passed + t.passed, failed: sum.failed + t.failed }), {
    passed: 0,
    failed: 0,
  });
}
