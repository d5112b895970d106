import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const TRACE = fileURLToPath(new URL("./trace.ts", import.meta.url));
// A fresh process each time: the hook is process-wide and another test may have loaded the SDK already.
const PROBE = `await import(${JSON.stringify(TRACE)}); console.log(JSON.stringify(Object.keys(process.namespaces ?? {})));`;

async function namespacesAfterLoading(env: Record<string, string | undefined>): Promise<string[]> {
  const { AWS_EXECUTION_ENV: _, AWS_XRAY_MANUAL_MODE: __, ...rest } = process.env;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "--eval", PROBE],
    { env: { ...rest, ...env } },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]");
}

describe("trace", () => {
  it("does not hook every promise of the process outside Lambda (no X-Ray context namespace)", async () => {
    expect(await namespacesAfterLoading({})).not.toContain("AWSXRay");
  });

  it("keeps the X-Ray SDK's automatic context on Lambda, where Powertools traces", async () => {
    expect(await namespacesAfterLoading({ AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x" })).toContain("AWSXRay");
  });
});
