/**
 * The web app's production server for benches: `next build` when the sources changed since the last build
 * (the same check as `pnpm dev --prod`), then `next start` on a free loopback port with the platform's
 * environment, in a process of its own — what users get, so the framework's overhead is part of the figure.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../stacks/local/free-port";
import { fingerprint, markBuilt, upToDate } from "../../stacks/local/web-build";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WEB = join(ROOT, "packages", "web");

export interface NextServer {
  url: string;
  process: ChildProcess;
  stop(): void;
}

export async function startNextServer(env: Record<string, string>): Promise<NextServer> {
  await buildWeb();
  const port = await freePort();
  const child = spawn(
    "node_modules/.bin/next",
    ["start", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      cwd: WEB,
      env: { ...process.env, ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  for (let i = 0; !(await answers(`${url}/api/health`)); i++) {
    if (i >= 240 || child.exitCode !== null) {
      stop();
      throw new Error("next start did not answer within a minute");
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, process: child, stop };
}

async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    () => true,
    () => false,
  );
}

async function buildWeb() {
  if (upToDate(ROOT, WEB)) return;
  console.log("web: next build… (the production server's build is stale)");
  const sources = fingerprint(ROOT);
  const build = spawn("node_modules/.bin/next", ["build"], {
    cwd: WEB,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  const code = await new Promise<number | null>((done) => build.once("exit", done));
  if (code !== 0) throw new Error(`next build failed (${code})`);
  markBuilt(WEB, sources);
}
