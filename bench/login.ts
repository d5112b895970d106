/**
 * Log-in benchmark: what a log-in through the route handler costs next to the bcrypt work inside it.
 *
 *   pnpm bench:login            (or: pnpm exec tsx bench/login.ts --logins 40 --cost 12)
 *
 * Starts an in-memory local platform (as tests do), signs one member up through POST /api/auth/signup,
 * then runs N log-ins through the POST /api/auth/login handler (real Request objects, the full route:
 * actor resolution, JSON parsing, rate limits switched off, user lookup, bcrypt compare, session write,
 * JWT signing, cookies). Each log-in is paired with a bare `bcrypt.compare` at the same cost, so both see
 * the same machine load. Prints p50/p99 of each, the ratio, and bare `bcrypt.hash` at that cost.
 *
 * --cost defaults to 12, the production cost (BOURSE_BCRYPT_COST); costs under 10 need
 * BOURSE_ALLOW_WEAK_BCRYPT=1, which this script sets for them.
 */
import { parseArgs } from "node:util";
import bcrypt from "bcryptjs";
import { startPlatform } from "../stacks/local/platform";

const { values: args } = parseArgs({
  options: {
    logins: { type: "string", default: "40" },
    cost: { type: "string", default: "12" },
    hashes: { type: "string", default: "5" },
  },
});
const LOGINS = Number(args.logins);
const COST = Number(args.cost);
const HASHES = Number(args.hashes);
if (!Number.isInteger(COST) || COST < 4 || COST > 15)
  throw new Error("--cost must be an integer from 4 to 15");

process.env.BOURSE_BCRYPT_COST = String(COST);
process.env.BOURSE_RATE_LIMITS = "off";
if (COST < 10) process.env.BOURSE_ALLOW_WEAK_BCRYPT = "1";

const platform = await startPlatform({ crons: false, stage: "bench", log: () => {} });
try {
  // Imported only now: application modules read `Resource` and the SDK endpoints when they load.
  const { Password } = await import("../packages/core/src/auth/password");
  const { POST: signup } = await route("../packages/web/src/app/api/auth/signup/route");
  const { POST: login } = await route("../packages/web/src/app/api/auth/login/route");
  if (Password.cost() !== COST) throw new Error(`core hashes at cost ${Password.cost()}, not ${COST}`);

  const none = { params: Promise.resolve({}) };
  const password = "correct horse battery staple";
  const email = `bench.${Date.now()}@example.com`;
  const post = (path: string, body: unknown) =>
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-forwarded-for": "198.51.100.1",
        "user-agent": "bench",
      },
      body: JSON.stringify(body),
    });

  const created = await signup(
    post("/api/auth/signup", { email, password, handle: `bench_${Date.now() % 1e9}`, displayName: "Bench" }),
    none,
  );
  if (created.status !== 201) throw new Error(`sign-up failed: ${created.status} ${await created.text()}`);

  const logIn = async () => {
    const started = performance.now();
    const response = await login(post("/api/auth/login", { email, password }), none);
    const ms = performance.now() - started;
    if (response.status !== 200)
      throw new Error(`log-in failed: ${response.status} ${await response.text()}`);
    return ms;
  };
  const hash = await bcrypt.hash(password, COST);
  const compare = async () => {
    const started = performance.now();
    if (!(await bcrypt.compare(password, hash))) throw new Error("bcrypt.compare did not match");
    return performance.now() - started;
  };

  // Warm-up: module caches, the SDK's connections, JIT.
  await logIn();
  await compare();

  const logins: number[] = [];
  const compares: number[] = [];
  for (let i = 0; i < LOGINS; i++) {
    logins.push(await logIn());
    compares.push(await compare());
  }
  const hashes: number[] = [];
  for (let i = 0; i < HASHES; i++) {
    const started = performance.now();
    await bcrypt.hash(password, COST);
    hashes.push(performance.now() - started);
  }

  const l = summary(logins);
  const c = summary(compares);
  const h = summary(hashes);
  const fmt = (n: number) => n.toFixed(1).padStart(9);
  console.log(`\nlog-in at bcrypt cost ${COST}: ${LOGINS} log-ins through POST /api/auth/login, ms`);
  console.log("                                   p50       p99");
  console.log(`POST /api/auth/login         ${fmt(l.p50)} ${fmt(l.p99)}`);
  console.log(`bare bcrypt.compare          ${fmt(c.p50)} ${fmt(c.p99)}`);
  console.log(`bare bcrypt.hash (${String(HASHES).padStart(2)} runs)  ${fmt(h.p50)} ${fmt(h.p99)}`);
  console.log(`ratio log-in/compare         ${fmt(l.p50 / c.p50)}x${fmt(l.p99 / c.p99)}x`);
  console.log(`log-in minus compare         ${fmt(l.p50 - c.p50)} ${fmt(l.p99 - c.p99)}`);
} finally {
  await platform.stop();
}

/**
 * A web route module. Imported by a computed path so that the root type check (Node types, no DOM) does not
 * pull in packages/web, which packages/web/tsconfig.json checks with its own settings.
 */
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
function route(path: string): Promise<{ POST: Handler }> {
  return import(path);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}
