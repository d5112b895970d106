/**
 * Lambda bundles: every handler of the topology built as SST builds it (esbuild, ESM, minified, tree-shaken,
 * everything bundled, for Node 24), then each bundle's size and its cold module-init time, the import of
 * the bundle in a fresh Node process (with the environment a deployed function has: SST's `Resource`
 * variables, loopback endpoints nobody answers, as init must not call out).
 *
 *   pnpm bench:bundles
 *
 * Goal: ≤ 1 MB and ≤ 50 ms each; for any bundle that misses, the package that weighs most in it is named.
 * The floor is printed first, built and timed the same way: the DynamoDB client alone, which every handler
 * but one loads (with Node's http, https, http2, tls and crypto under it), so init is read against it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BuildOptions, Metafile } from "esbuild";
import * as esbuild from "esbuild";
import { buildEnv, secretValues } from "../stacks/local/env";
import { allHandlers } from "../stacks/topology";

const MAX_BYTES = 1024 * 1024;
const MAX_INIT_MS = 50;
const RUNS = 3;

const out = mkdtempSync(join(tmpdir(), "bourse-bundles-"));
const nowhere = "http://127.0.0.1:9";
const env = {
  ...process.env,
  ...buildEnv({
    stage: "bench",
    endpoints: { dynamodb: nowhere, s3: nowhere, ses: nowhere, realtime: nowhere },
    secrets: secretValues(),
  }),
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  POWERTOOLS_LOG_LEVEL: "ERROR",
};

/** What SST's esbuild step sets for an ESM Node function (a `require` for the CommonJS packages bundled). */
const options = (entry: Pick<BuildOptions, "entryPoints" | "stdin">, outfile: string): BuildOptions => ({
  ...entry,
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  minify: true,
  treeShaking: true,
  metafile: true,
  logLevel: "silent",
  mainFields: ["module", "main"],
  banner: {
    js: 'import { createRequire as topLevelCreateRequire } from "module"; const require = topLevelCreateRequire(import.meta.url);',
  },
});

/** The package (or our folder) contributing most bytes to the output. */
function heaviest(meta: Metafile): { name: string; bytes: number } {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(meta.outputs))
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
      const name = m ? m[1]! : path.split("/").slice(0, 3).join("/");
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  const [name, bytes] = [...byPackage].sort((a, b) => b[1] - a[1])[0] ?? ["?", 0];
  return { name, bytes };
}

/** The bundle's import time in a fresh process, the fastest of RUNS (the first warms the disk cache). */
function initMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const times = Array.from({ length: RUNS }, () =>
    Number(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" }).trim(),
    ),
  );
  return Math.min(...times);
}

const handlers = [...new Set(allHandlers().map((h) => h.slice(0, h.lastIndexOf("."))))].sort();
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

let built = 0;
async function measure(entry: Pick<BuildOptions, "entryPoints" | "stdin">) {
  const outfile = join(out, `${built++}.mjs`);
  const result = await esbuild.build(options(entry, outfile));
  return { bytes: statSync(outfile).size, ms: initMs(outfile), top: heaviest(result.metafile!) };
}

console.log(
  `\n${handlers.length} Lambda entry points (esbuild ESM, minified; cold init = import in a fresh Node process, best of ${RUNS})`,
);
console.log(
  `${"handler".padEnd(44)} ${"size".padStart(9)} ${"init".padStart(9)} ${"÷ floor".padStart(8)}  heaviest package`,
);
const row = (name: string, bytes: number, ms: number, ratio: string, rest: string) =>
  console.log(
    `${name.padEnd(44)} ${kb(bytes).padStart(9)} ${`${ms.toFixed(1)} ms`.padStart(9)} ${ratio.padStart(8)}  ${rest}`,
  );
let bigger = 0;
let slower = 0;
try {
  const floor = await measure({
    stdin: {
      contents: `import { DynamoDBClient } from "@aws-sdk/client-dynamodb"; export const client = new DynamoDBClient({});`,
      resolveDir: join(process.cwd(), "packages/core"),
      loader: "ts",
    },
  });
  row("floor: the DynamoDB client alone", floor.bytes, floor.ms, "1.0×", "");
  for (const handler of handlers) {
    const { bytes, ms, top } = await measure({ entryPoints: [`${handler}.ts`] });
    if (bytes > MAX_BYTES) bigger++;
    if (ms > MAX_INIT_MS) slower++;
    const over = [bytes > MAX_BYTES && "size", ms > MAX_INIT_MS && "init"].filter(Boolean).join(", ");
    row(
      handler.replace(/^packages\/functions\/src\//, ""),
      bytes,
      ms,
      `${(ms / floor.ms).toFixed(1)}×`,
      `${top.name} ${kb(top.bytes)}${over ? `  ← ${over} over the goal` : ""}`,
    );
  }
  console.log(
    `\ngoal ≤ ${kb(MAX_BYTES)} each: ${bigger ? `${bigger} over` : "all met"}; ≤ ${MAX_INIT_MS} ms each: ${slower ? `${slower} over` : "all met"} (the floor alone: ${floor.ms.toFixed(1)} ms)`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
