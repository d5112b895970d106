import * as Actor from "@bourse/core/actor";
import * as Health from "@bourse/core/health";
import { breakerStates } from "@bourse/core/resilience/entities";
import * as User from "@bourse/core/user";
import { describe, expect, it } from "vitest";
import { Client, member } from "@/server/auth.testing";
import { GET } from "./route";

const none = { params: Promise.resolve({}) };
const health = (query = "", headers?: Record<string, string>) =>
  new Client().send(GET, `/api/health${query}`, { headers });

describe("/api/health (on the local platform)", () => {
  it("answers 200 with every check up, never cached, and says nothing but up/down", async () => {
    const response = await GET(new Request("http://localhost/api/health"), none);
    const report = await response.json();
    // Exactly this: no latencies, error names or version for whoever probes it.
    expect(report).toEqual({
      status: "ok",
      checks: { table: { ok: true }, media: { ok: true }, data: { ok: true }, providers: { ok: true } },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("a breaker open is degraded but up (200); storage down is 503", () => {
    const up = { table: { ok: true }, media: { ok: true }, data: { ok: true } };
    expect(Health.isUp({ status: "degraded", checks: { ...up, providers: { ok: false } } })).toBe(true);
    expect(Health.isUp({ status: "degraded", checks: { ...up, table: { ok: false } } })).toBe(false);
  });

  it("live, for administrators only, reads the breakers as stored now, not through the cache", async () => {
    const [admin, plain] = await Promise.all([member("healthadmin"), member("healthmember")]);
    await Actor.system("health-test", () => User.setRole(admin.tokens.user.id, "admin"));
    expect((await (await health()).json()).status).toBe("ok"); // this instance's cache: all closed
    const before = (await breakerStates.get({ service: "bedrock" }).go({ consistent: true })).data;
    // Opened by another instance: this one's cache has not seen it yet.
    await breakerStates.put({ service: "bedrock", state: "open", failures: 5, changedAt: Date.now() }).go();
    try {
      const live = await health("?live=true", admin.bearer);
      expect(live.status).toBe(200);
      expect(await live.json()).toMatchObject({ status: "degraded", checks: { providers: { ok: false } } });
      expect((await (await health("", admin.bearer)).json()).status).toBe("ok");
    } finally {
      if (before) await breakerStates.put(before).go();
      else await breakerStates.delete({ service: "bedrock" }).go();
    }
    expect((await health("?live=true")).status).toBe(401);
    expect((await health("?live=true", plain.bearer)).status).toBe(403);
    const bad = await health("?live=maybe", admin.bearer);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("validation_failed");
  });
});
