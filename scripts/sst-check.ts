/**
 * The offline check of the SST app: installs SST's platform (no AWS account needed) when it is missing or
 * belongs to another SST version, then type-checks sst.config.ts and stacks/ against it.
 * Prints `sst-check: passed`, or `sst-check: failed: <why>` and exits non-zero.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const platform = join(root, ".sst", "platform");
// `sst` exports neither its package.json nor its bin, so both are read from the root's node_modules.
const sstPackage = join(root, "node_modules", "sst");
const require = createRequire(import.meta.url);

export function fail(script: string, why: string, output?: string): never {
  if (output?.trim()) process.stderr.write(`${output.trim()}\n`);
  console.error(`${script}: failed: ${why}`);
  process.exit(1);
}

export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new Error(`${command} did not start: ${result.error.message}`);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** The platform is unpacked by the `sst` binary of node_modules; a stale one would check old types. */
function platformIsCurrent() {
  if (!existsSync(join(platform, "config.d.ts"))) return false;
  const wanted = JSON.parse(readFileSync(join(sstPackage, "package.json"), "utf8")).version as string;
  return readFileSync(join(platform, "version"), "utf8").trim() === wanted;
}

/** Installs the platform and its providers from the npm registry; it needs no cloud credentials. */
export function ensurePlatform(script: string) {
  if (platformIsCurrent()) return;
  const install = run(process.execPath, [join(sstPackage, "bin", "sst.mjs"), "install", "--stage", "ci"], {
    env: { SST_SKIP_DEPENDENCY_CHECK: "1", SST_NO_BUN: "1", SST_TELEMETRY_DISABLED: "1" },
  });
  if (!install.ok || !platformIsCurrent())
    fail(script, "`sst install` did not install the platform", install.output);
}

function main() {
  ensurePlatform("sst-check");
  const tsc = run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "stacks/tsconfig.json"]);
  if (!tsc.ok)
    fail("sst-check", "type errors in sst.config.ts or stacks/ (tsc -p stacks/tsconfig.json)", tsc.output);
  console.log("sst-check: passed");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
