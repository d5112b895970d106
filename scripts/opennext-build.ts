/**
 * Builds packages/web with the OpenNext that this SST version's `sst.aws.Nextjs` uses, read from the
 * installed platform so that upgrading SST upgrades it. Needs only the npm registry.
 * Prints `opennext-build: passed (...)`, or `opennext-build: failed: <why>` and exits non-zero.
 * Usage: `tsx scripts/opennext-build.ts [app path, default packages/web] [--verbose]`; `--verbose` streams
 * the build's output instead of printing it only on failure.
 *
 * OpenNext's build is `next build` in standalone mode (NEXT_PRIVATE_STANDALONE: `.next` as usual, plus
 * `.next/standalone`) and then its own bundling into `.open-next`, leaving `.next` as Next made it; so
 * `next start` serves it. For packages/web it stamps that build as of its sources (stacks/local/web-build),
 * and the journeys' `pnpm dev --prod` in the same `pnpm test` serves it instead of building again.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { placeholderEnv } from "../stacks/local/env";
import { fingerprint, markBuilt } from "../stacks/local/web-build";
import { ensurePlatform, fail, platform, root } from "./sst-check";

const script = "opennext-build";
const appPath = process.argv.slice(2).find((arg) => !arg.startsWith("--"));
const web = appPath ? resolve(appPath) : join(root, "packages", "web");

/** Major.minor.patch order, as SST's compare-semver: a leading range operator (`^16.1.0`) is dropped. */
function compare(a: string, b: string) {
  const parse = (v: string) =>
    v
      .replace(/^[^\d]+/, "")
      .split(".")
      .map(Number);
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** The package and version SST's Nextjs would run by default (see normalizeBuildCommand in nextjs.ts). */
function openNextPackage() {
  const file = join(platform, "src", "components", "aws", "nextjs.ts");
  const source = readFileSync(file, "utf8");
  const constant = (name: string) => {
    const version = new RegExp(`const ${name} = "([^"]+)"`).exec(source)?.[1];
    if (!version) fail(script, `no ${name} in ${file}; SST changed how it picks OpenNext`);
    return version;
  };
  const pkg = JSON.parse(readFileSync(join(web, "package.json"), "utf8"));
  const next: string | undefined = pkg.dependencies?.next ?? pkg.devDependencies?.next;
  const version =
    next && compare(next, "15.0.0") < 0
      ? constant("DEFAULT_OPEN_NEXT_VERSION_NEXT14")
      : constant("DEFAULT_OPEN_NEXT_VERSION");
  const name = compare(version, "3.1.3") <= 0 ? "open-next" : "@opennextjs/aws";
  return `${name}@${version}`;
}

ensurePlatform(script);
if (!existsSync(join(web, "package.json"))) fail(script, `no Next.js app at ${web}`);
const pkg = openNextPackage();
const verbose = process.argv.includes("--verbose");
const args = ["--yes", pkg, "build"];
// SST runs the Next build with the site's links as SST_RESOURCE_* (base-ssr-site.ts), and route modules
// read them when they load; give this offline build the same shape of links (never contacted).
const env = { ...placeholderEnv("build"), NEXT_TELEMETRY_DISABLED: "1" };
const started = Date.now();
// Taken before the build: a source edited while it runs makes the stamp stale, not the build.
const sources = web === join(root, "packages", "web") ? fingerprint(root) : undefined;

const build = spawn("npx", args, { cwd: web, env: { ...process.env, ...env } });
let output = "";
for (const stream of [build.stdout, build.stderr]) {
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    output += chunk;
    if (verbose) process.stdout.write(chunk);
  });
}
const code = await new Promise<number>((done) => {
  build.on("error", () => done(127));
  build.on("close", (status) => done(status ?? 1));
});

const seconds = Math.round((Date.now() - started) / 1000);
const where = relative(root, web) || ".";
if (code !== 0) fail(script, `\`npx ${args.join(" ")}\` in ${where} (${seconds} s)`, verbose ? "" : output);
if (!existsSync(join(web, ".open-next", "open-next.output.json")))
  fail(script, "the build left no .open-next/open-next.output.json", verbose ? "" : output);
if (sources) markBuilt(web, sources);

// OpenNext logs a failed install of a function's extra packages and still succeeds; offline, that is sharp
// for the image optimizer (its libvips comes from github.com). Deployed, such a function would fail.
const notInstalled: string[] = [];
let installing = "";
for (const line of output.split("\n")) {
  installing = /Installing dependencies for (\S+?)\.*$/.exec(line)?.[1] ?? installing;
  if (line.includes("Could not install dependencies")) notInstalled.push(installing);
}
const warning = notInstalled.length
  ? `; warning: OpenNext could not install the packages of ${notInstalled.join(", ")} (--verbose shows why)`
  : "";
console.log(`${script}: passed (${pkg}, ${seconds} s${warning})`);
