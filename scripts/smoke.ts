/**
 * The smoke test a deploy must pass (`tsx scripts/smoke.ts <stage URL>`): the app is healthy, a visitor can
 * sign up, calculate, and read their feed, through the stage's one public URL, as a browser would (JSON,
 * Origin on writes, the cookies the app sets). Prints one line per check and exits non-zero on the first
 * failure; CI then rolls the stage back (scripts/rollout.ts). The same script runs against the local
 * platform in the test suite (e2e/smoke.spec.ts), so it is known to work before it runs against AWS.
 */
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** A cold Lambda behind CloudFront answers within this, or the check fails. */
const TIMEOUT_MS = 20_000;

export async function smoke(baseUrl: string, log: (check: Check) => void = () => {}): Promise<Check[]> {
  const origin = new URL(baseUrl).origin;
  const cookies = new Map<string, string>();
  const checks: Check[] = [];

  async function call(path: string, body?: unknown) {
    const headers: Record<string, string> = { accept: "application/json" };
    if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (body !== undefined) Object.assign(headers, { "content-type": "application/json", origin });
    const res = await fetch(new URL(path, origin), {
      method: body === undefined ? "GET" : "POST",
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      if (eq < 1) continue;
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) cookies.delete(name);
      else cookies.set(name, pair.slice(eq + 1).trim());
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json: json as Record<string, unknown> | undefined, text };
  }

  /** Runs one check; false stops the run (later checks build on earlier ones). */
  async function step(name: string, run: () => Promise<string | undefined>) {
    let check: Check;
    try {
      const failure = await run();
      check = { name, ok: failure === undefined, detail: failure ?? "ok" };
    } catch (error) {
      check = {
        name,
        ok: false,
        detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
    }
    checks.push(check);
    log(check);
    return check.ok;
  }

  const unexpected = (r: { status: number; text: string }) => `HTTP ${r.status}: ${r.text.slice(0, 200)}`;
  const tail = randomUUID().replaceAll("-", "").slice(0, 16);

  (await step("health is green", async () => {
    const r = await call("/api/health");
    return r.status === 200 && r.json?.status === "ok" ? undefined : unexpected(r);
  })) &&
    (await step("a visitor signs up", async () => {
      const r = await call("/api/auth/signup", {
        email: `smoke.${tail}@example.com`,
        password: `smoke ${randomUUID()}`,
        handle: `smoke_${tail}`,
        displayName: "Smoke test",
      });
      if (r.status !== 201) return unexpected(r);
      return cookies.size ? undefined : "signed up, but no session cookie was set";
    })) &&
    (await step("a calculation is exact", async () => {
      const r = await call("/api/calc", { operation: "add", operands: ["0.1", "0.2"] });
      return r.status === 200 && r.json?.result === "0.3" ? undefined : unexpected(r);
    })) &&
    (await step("the member reads their feed", async () => {
      const r = await call("/api/feed");
      return r.status === 200 && Array.isArray(r.json?.items) ? undefined : unexpected(r);
    }));
  return checks;
}

export function passed(checks: Check[]) {
  return checks.length === 4 && checks.every((c) => c.ok);
}

async function main() {
  const url = process.argv[2];
  if (!url) {
    console.error("usage: tsx scripts/smoke.ts <stage URL>");
    process.exit(2);
  }
  const checks = await smoke(url, (c) => console.log(`${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`));
  console.log(passed(checks) ? `smoke: passed (${url})` : `smoke: failed (${url})`);
  process.exit(passed(checks) ? 0 : 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main();
