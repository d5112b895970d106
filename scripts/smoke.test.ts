import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { passed, smoke } from "./smoke";

type Route = (
  req: IncomingMessage,
  body: string,
) => { status: number; json?: unknown; headers?: Record<string, string | string[]> };

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A stand-in of the app's four routes on loopback, recording what the smoke test sent. */
async function app(overrides: Record<string, Route> = {}) {
  const seen: { method: string; path: string; origin?: string; cookie?: string; body: string }[] = [];
  const routes: Record<string, Route> = {
    "GET /api/health": () => ({ status: 200, json: { status: "ok", checks: { table: { ok: true } } } }),
    "POST /api/auth/signup": () => ({
      status: 201,
      json: { user: { id: "u1" } },
      headers: { "set-cookie": ["access=tok; Path=/; HttpOnly", "refresh=r1; Path=/api/auth; HttpOnly"] },
    }),
    "POST /api/calc": () => ({ status: 200, json: { id: "c1", result: "0.3" } }),
    "GET /api/feed": (req) =>
      req.headers.cookie?.includes("access=tok")
        ? { status: 200, json: { items: [], cursor: null } }
        : { status: 401, json: { error: { code: "unauthorized", message: "sign in" } } },
    ...overrides,
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({
        method: req.method!,
        path: req.url!,
        origin: req.headers.origin,
        cookie: req.headers.cookie,
        body,
      });
      const route = routes[`${req.method} ${req.url}`];
      const out = route
        ? route(req, body)
        : { status: 404, json: { error: { code: "not_found", message: "no" } } };
      res.writeHead(out.status, { "content-type": "application/json", ...out.headers });
      res.end(JSON.stringify(out.json));
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe("smoke(url)", () => {
  it("passes a healthy app: health, sign-up, calculation, feed, as a browser sends them", async () => {
    const { url, seen } = await app();
    const checks = await smoke(url);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ["health is green", true],
      ["a visitor signs up", true],
      ["a calculation is exact", true],
      ["the member reads their feed", true],
    ]);
    expect(passed(checks)).toBe(true);
    const [, signup, calc, feed] = seen;
    expect(signup).toMatchObject({ method: "POST", path: "/api/auth/signup", origin: url });
    expect(JSON.parse(signup!.body)).toMatchObject({ handle: expect.stringMatching(/^smoke_[0-9a-f]{16}$/) });
    expect(calc).toMatchObject({ method: "POST", origin: url });
    expect(feed?.cookie).toContain("access=tok");
  });

  it("fails on a degraded health check and goes no further", async () => {
    const { url, seen } = await app({
      "GET /api/health": () => ({
        status: 503,
        json: { status: "degraded", checks: { table: { ok: false } } },
      }),
    });
    const checks = await smoke(url);
    expect(checks).toEqual([
      { name: "health is green", ok: false, detail: expect.stringContaining("HTTP 503") },
    ]);
    expect(passed(checks)).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it("fails on a wrong result, a lost session, or a server that is down", async () => {
    const wrong = await app({
      "POST /api/calc": () => ({ status: 200, json: { result: "0.30000000000000004" } }),
    });
    expect(passed(await smoke(wrong.url))).toBe(false);

    const sessionless = await app({ "POST /api/auth/signup": () => ({ status: 201, json: { user: {} } }) });
    const checks = await smoke(sessionless.url);
    expect(checks.at(-1)).toMatchObject({
      name: "a visitor signs up",
      ok: false,
      detail: expect.stringMatching(/cookie/),
    });

    const down = await app();
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 50));
    const refused = await smoke(down.url);
    expect(refused).toEqual([
      { name: "health is green", ok: false, detail: expect.stringMatching(/fetch failed/) },
    ]);
  });
});
