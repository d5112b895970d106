import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import { freePort } from "../stacks/local/free-port";

// A free port, chosen once by the runner; workers inherit it through the environment.
process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "bourse-e2e-"));
const port = Number(process.env.E2E_PORT);

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: "list",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  // The product as users get it: `pnpm dev --prod` (the production build, `next build` then `next start`,
  // behind the local front) on its own ports and a throwaway data folder.
  webServer: {
    command: "pnpm exec tsx stacks/local/dev.ts --fresh --prod",
    cwd: "..",
    url: `http://localhost:${port}/api/health`,
    // The platform, then `next build` on a 2-core machine (skipped when the last build is of the same sources).
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGINT", timeout: 20_000 },
    env: { PORT: String(port), BOURSE_DATA_DIR: process.env.E2E_DATA_DIR, NEXT_TELEMETRY_DISABLED: "1" },
  },
});
