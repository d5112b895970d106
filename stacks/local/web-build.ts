/**
 * `next build` for the local production mode, skipped when the last build of ours is of the same sources.
 * The fingerprint is the path, size and mtime of every input file; it is kept in the build folder, so any
 * other build there wipes it and the next start builds again, unless that build stamps it too, as
 * scripts/opennext-build.ts does (its `next build` is the same one, in standalone mode).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const INPUTS = [
  "packages/web/src",
  "packages/web/public",
  "packages/web/next.config.ts",
  "packages/web/package.json",
  "packages/web/tsconfig.json",
  "packages/core/src",
  "packages/core/package.json",
  "pnpm-lock.yaml",
  "tsconfig.base.json",
];

export function fingerprint(root: string): string {
  const hash = createHash("sha256");
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name !== "node_modules") visit(join(path, name));
    } else hash.update(`${relative(root, path)}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  for (const input of INPUTS) visit(join(root, input));
  return hash.digest("hex");
}

const stampOf = (web: string) => join(web, ".next", "bourse-build.json");

export function upToDate(root: string, web: string): boolean {
  const stamp = stampOf(web);
  if (!existsSync(stamp) || !existsSync(join(web, ".next", "BUILD_ID"))) return false;
  return JSON.parse(readFileSync(stamp, "utf8")).fingerprint === fingerprint(root);
}

export function markBuilt(web: string, print: string) {
  writeFileSync(stampOf(web), `${JSON.stringify({ fingerprint: print })}\n`);
}
