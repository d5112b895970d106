/**
 * Vitest globalSetup for the integration tests of packages/core and packages/functions: ONE in-memory
 * platform for the whole run, its environment applied before test workers start (they inherit
 * `process.env`) and also given through `inject("platformEnv")`. Crons are off: tests invoke cron handlers
 * themselves. Subscribers and S3 notifications run here, in the main process; workers wait for them with
 * `platformIdle()`, which asks this process over loopback.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    platformEnv: Record<string, string>;
  }
}

const CONTROL_URL = "BOURSE_PLATFORM_CONTROL_URL";

export default async function setup(project: TestProject) {
  // Imported here, not at the top, so that test files importing platformIdle() stay light.
  const { startPlatform } = await import("../platform");
  // Bucket CORS allows the app origin the test workers see (the project's BOURSE_PUBLIC_URL), as on AWS.
  const platform = await startPlatform({
    crons: false,
    // Tests set chaos on servers of their own; a switch one test flips must not break the others' servers.
    chaos: false,
    stage: "test",
    publicUrl: project.config.env?.BOURSE_PUBLIC_URL,
  });
  const control = createServer((req, res) => {
    platform.idle(Number(new URL(req.url ?? "/", "http://x").searchParams.get("timeoutMs") ?? 20_000)).then(
      () => res.end("idle"),
      (error) => {
        res.statusCode = 500;
        res.end(String(error));
      },
    );
  });
  await new Promise<void>((done) => control.listen(0, "127.0.0.1", done));
  const env = {
    ...platform.env,
    [CONTROL_URL]: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    // The suite's many cron runs share the providers' quotas: the free plans' would throttle it (quota tests
    // pass their own limits).
    BOURSE_QUOTAS: JSON.stringify({
      tiingo: { perMinute: 100_000, perDay: 1_000_000 },
      finnhub: { perMinute: 100_000, perDay: 1_000_000 },
    }),
  };
  Object.assign(process.env, env);
  project.provide("platformEnv", env);
  return async () => {
    control.closeAllConnections();
    await new Promise((done) => control.close(done));
    await platform.stop();
  };
}

/** Waits until stream subscribers and S3 notifications have handled everything written so far. */
export async function platformIdle(timeoutMs = 30_000): Promise<void> {
  const base = process.env[CONTROL_URL];
  if (!base) throw new Error("platformIdle() needs the platform of stacks/local/testing/global-setup.ts");
  const res = await fetch(`${base}/idle?timeoutMs=${timeoutMs}`, { method: "POST" });
  if (!res.ok) throw new Error(`platform not idle: ${await res.text()}`);
}
