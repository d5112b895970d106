import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as Actor from "@bourse/core/actor";
import * as User from "@bourse/core/user";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, member } from "@/server/auth.testing";
import { DELETE, GET, POST } from "./route";

/**
 * The run's target is the app's own public URL: here a stub of the app on loopback, which answers every
 * request as the app would in shape (a guest cookie, JSON) and records who asked what.
 */
let stub: Server;
let origin: string;
const seen: { method: string; path: string; from: string }[] = [];
const publicUrl = process.env.BOURSE_PUBLIC_URL;

beforeAll(async () => {
  stub = createServer((req, res) => {
    seen.push({ method: req.method ?? "", path: req.url ?? "", from: req.socket.remoteAddress ?? "" });
    const guest = req.url === "/api/auth/anonymous";
    res.writeHead(guest ? 201 : 200, {
      "content-type": "application/json",
      ...(guest ? { "set-cookie": "session=stub; Path=/; HttpOnly" } : {}),
    });
    res.end(JSON.stringify(req.url?.startsWith("/api/watchlists") ? { items: [] } : {}));
  });
  await new Promise<void>((done) => stub.listen(0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
});
afterAll(async () => {
  process.env.BOURSE_PUBLIC_URL = publicUrl;
  stub.closeAllConnections();
  await new Promise((done) => stub.close(done));
});

async function admin() {
  const who = await member("trafficadmin");
  await Actor.system("traffic-test", () => User.setRole(who.tokens.user.id, "admin"));
  return who.bearer;
}

/** Requests to the route as the app's own page sends them (its origin is the public URL's). */
const call = (handler: typeof GET, method: string, headers?: Record<string, string>, body?: unknown) =>
  new Client().send(handler, "/api/admin/traffic", { method, headers, body, origin });

async function finished(bearer: Record<string, string>) {
  for (let i = 0; i < 200; i++) {
    const { run } = await (await call(GET, "GET", bearer)).json();
    if (!run.running) return run;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error("the run did not stop by itself");
}

describe("/api/admin/traffic", () => {
  it("refuses the public (401) and members (403), whatever the method", async () => {
    process.env.BOURSE_PUBLIC_URL = origin;
    const someone = (await member("trafficuser")).bearer;
    for (const [handler, method] of [
      [POST, "POST"],
      [GET, "GET"],
      [DELETE, "DELETE"],
    ] as const) {
      const json = method === "POST" ? { minutes: 1, rps: 5 } : undefined;
      expect((await call(handler, method, undefined, json)).status).toBe(401);
      expect((await call(handler, method, someone, json)).status).toBe(403);
    }
    expect(seen).toHaveLength(0);
  });

  it("enforces its bounds: at most 10 minutes and 50 requests a second, nothing else", async () => {
    process.env.BOURSE_PUBLIC_URL = origin;
    const bearer = await admin();
    for (const json of [
      { minutes: 0, rps: 5 },
      { minutes: 11, rps: 5 },
      { minutes: 1, rps: 0 },
      { minutes: 1, rps: 51 },
      { minutes: 1, rps: 2.5 },
      { minutes: "1", rps: 5 },
      { minutes: 1, rps: 5, url: "http://127.0.0.1:1" },
    ]) {
      const refused = await call(POST, "POST", bearer, json);
      expect(refused.status).toBe(400);
      expect((await refused.json()).error.code).toBe("validation_failed");
    }
    expect(seen).toHaveLength(0);
  });

  it("refuses to run where the public URL is not loopback (as on AWS): 409 not_local", async () => {
    process.env.BOURSE_PUBLIC_URL = "https://bourse.example.com";
    const bearer = await admin();
    const refused = await new Client().send(POST, "/api/admin/traffic", {
      method: "POST",
      headers: bearer,
      body: { minutes: 1, rps: 5 },
      origin: "https://bourse.example.com",
    });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe("not_local");
    expect(seen).toHaveLength(0);
  });

  it("drives the app's own loopback origin, one visitor per loopback address, and stops by itself", async () => {
    process.env.BOURSE_PUBLIC_URL = origin;
    const bearer = await admin();
    const started = await call(POST, "POST", bearer, { minutes: 0.05, rps: 20 });
    expect(started.status).toBe(202);
    const { run } = await started.json();
    expect(run).toMatchObject({ running: true, target: origin, minutes: 0.05, rps: 20, stoppedBy: null });
    expect(run.endsAt - run.startedAt).toBe(3000);
    // One at a time.
    const again = await call(POST, "POST", bearer, { minutes: 1, rps: 5 });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("traffic_running");

    const done = await finished(bearer);
    expect(done).toMatchObject({ running: false, stoppedBy: "itself", remainingMs: 0, error: null });
    expect(Date.now() - run.startedAt).toBeLessThan(15_000);
    // Bounded: at most rps × seconds requests (and the stub saw each of them).
    expect(done.report.requests).toBeGreaterThan(0);
    expect(done.report.requests).toBeLessThanOrEqual(60);
    expect(seen).toHaveLength(done.report.requests);
    expect(done.report.kinds.guest.requests).toBeGreaterThan(0);
    for (const key of ["p50", "p95", "p99", "throughput"])
      expect(done.report[key]).toEqual(expect.any(Number));
    // Every visitor its own loopback address, its session cookie kept across its requests.
    expect(seen.every((r) => /^(::ffff:)?127\./.test(r.from))).toBe(true);
    const addresses = new Set(seen.map((r) => r.from)).size;
    expect(addresses).toBeGreaterThan(1);
    expect(addresses).toBeLessThanOrEqual(done.report.visitors.arrived);
    const count = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen).toHaveLength(count);
  });

  it("stops when an administrator stops it", async () => {
    process.env.BOURSE_PUBLIC_URL = origin;
    const bearer = await admin();
    const before = seen.length;
    expect((await call(POST, "POST", bearer, { minutes: 5, rps: 10 })).status).toBe(202);
    // Running: stopped once the stub has seen its requests begin, not after a fixed while.
    for (let i = 0; i < 250 && seen.length <= before; i++) await new Promise((done) => setTimeout(done, 20));
    const stopped = await call(DELETE, "DELETE", bearer);
    expect(stopped.status).toBe(200);
    const { run } = await stopped.json();
    expect(run).toMatchObject({ running: false, stoppedBy: "admin", remainingMs: 0 });
    expect(seen.length).toBeGreaterThan(before);
    const count = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen).toHaveLength(count);
    expect((await (await call(GET, "GET", bearer)).json()).run.stoppedBy).toBe("admin");
  });
});
