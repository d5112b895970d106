/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, `tsx --cpu-prof`) by package and by function, self time:
 *
 *   pnpm exec tsx bench/profile.ts <file.cpuprofile> [--from S] [--to S] [--top N]
 *
 * `--from`/`--to` keep the samples of a window, in seconds from the profile's start (a bench prints its
 * phases' times), so one phase of a run can be read without the seeding around it. "(idle)" is time the
 * process waited; "(program)" and "(garbage collector)" are V8's own.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: "string", default: "0" },
    to: { type: "string", default: "Infinity" },
    top: { type: "string", default: "25" },
  },
});

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const file = positionals[0];
if (!file) {
  console.error("usage: tsx bench/profile.ts <file.cpuprofile> [--from S] [--to S] [--top N]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byID = new Map(profile.nodes.map((n) => [n.id, n]));

/** The package a frame belongs to: node_modules' package, our workspace folder, or node's own. */
function owner(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  if (url.startsWith("node:")) return "node";
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + 14).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const ours = url.match(/\/(packages\/[^/]+\/src\/[^/]+|stacks\/[^/]+|bench|scripts)\//);
  return ours ? ours[1]! : url;
}

const from = Number(args.from) * 1e6;
const to = Number(args.to) * 1e6;
const packages = new Map<string, number>();
const functions = new Map<string, number>();
let at = 0;
let total = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  if (at < from || at > to) return;
  const frame = byID.get(id)?.callFrame;
  if (!frame) return;
  const pkg = owner(frame.url, frame.functionName);
  const fn = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}`;
  packages.set(pkg, (packages.get(pkg) ?? 0) + delta);
  functions.set(fn, (functions.get(fn) ?? 0) + delta);
  total += delta;
});

const top = Number(args.top);
const print = (title: string, rows: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${((us / total) * 100).toFixed(1).padStart(6)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`,
    );
};
console.log(
  `${file}: ${(total / 1e6).toFixed(1)} s of samples in [${args.from} s, ${args.to} s] of ${(at / 1e6).toFixed(1)} s`,
);
print("self time by package", packages);
print("self time by function", functions);
