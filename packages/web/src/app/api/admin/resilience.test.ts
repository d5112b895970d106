import * as Actor from "@bourse/core/actor";
import * as User from "@bourse/core/user";
import { describe, expect, it } from "vitest";
import { Client, member } from "@/server/auth.testing";
import { GET as breakers } from "./breakers/route";
import { PUT as setChaos } from "./chaos/[target]/route";
import { GET as chaos } from "./chaos/route";
import { GET as quotas } from "./quotas/route";
import { GET as status } from "./resilience/route";

async function admin() {
  const who = await member("resadmin");
  await Actor.system("resilience-test", () => User.setRole(who.tokens.user.id, "admin"));
  return who.bearer;
}

// Only "bedrock" is flipped here (the platform under test applies no switch to its servers).
const put = (target: string, body: unknown, headers?: Record<string, string>) =>
  new Client().send(setChaos, `/api/admin/chaos/${target}`, {
    method: "PUT",
    body,
    headers,
    params: { target },
  });

describe("the resilience admin API", () => {
  it("lists every service's breaker, every provider's quota and every chaos switch", async () => {
    const bearer = await admin();
    const b = await new Client().send(breakers, "/api/admin/breakers", { headers: bearer });
    expect(b.status).toBe(200);
    expect(b.headers.get("cache-control")).toBe("no-store");
    const { items } = await b.json();
    expect(items.map((i: { service: string }) => i.service)).toEqual([
      "tiingo",
      "finnhub",
      "email",
      "bedrock",
    ]);
    for (const item of items) {
      expect(["closed", "open", "half_open"]).toContain(item.state);
      expect(item).toEqual({
        service: expect.any(String),
        state: expect.any(String),
        failures: expect.any(Number),
        changedAt: item.changedAt === null ? null : expect.any(Number),
        history: expect.any(Array),
      });
    }
    const q = await (await new Client().send(quotas, "/api/admin/quotas", { headers: bearer })).json();
    expect(q.items.find((i: { provider: string }) => i.provider === "tiingo")).toMatchObject({
      minute: { limit: expect.any(Number), used: expect.any(Number) },
      day: { limit: expect.any(Number), resetsAt: expect.any(Number) },
    });
  });

  it("gives the status page everything in one read: breakers, switches, quotas, mail, failures, caches", async () => {
    const bearer = await admin();
    const response = await new Client().send(status, "/api/admin/resilience", { headers: bearer });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.breakers).toHaveLength(4);
    expect(body.chaos).toHaveLength(4);
    expect(body.quotas).toHaveLength(2);
    expect(Object.keys(body.mail)).toEqual(expect.arrayContaining(["queued", "sending", "sent", "failed"]));
    expect(body.caches.find((c: { name: string }) => c.name === "breakers")).toMatchObject({
      hits: expect.any(Number),
      saved: expect.any(Number),
    });
    const user = (await member("resuser2")).bearer;
    expect((await new Client().send(status, "/api/admin/resilience", { headers: user })).status).toBe(403);
  });

  it("flips a switch for some minutes and off again", async () => {
    const bearer = await admin();
    const on = await put("bedrock", { mode: "slow", minutes: 3 }, bearer);
    expect(on.status).toBe(200);
    expect((await on.json()).switch).toMatchObject({ target: "bedrock", mode: "slow", remainingMs: 180_000 });
    const listed = await (await new Client().send(chaos, "/api/admin/chaos", { headers: bearer })).json();
    expect(listed.items.find((s: { target: string }) => s.target === "bedrock")).toMatchObject({
      mode: "slow",
    });
    const off = await put("bedrock", { mode: "off" }, bearer);
    expect((await off.json()).switch).toEqual({
      target: "bedrock",
      mode: "off",
      until: null,
      remainingMs: 0,
    });
  });

  it("refuses the public (401) and members (403), bad targets and bodies (400)", async () => {
    expect((await put("bedrock", { mode: "error" })).status).toBe(401);
    const user = (await member("resuser")).bearer;
    expect((await put("bedrock", { mode: "error" }, user)).status).toBe(403);
    expect((await new Client().send(breakers, "/api/admin/breakers", { headers: user })).status).toBe(403);
    expect((await new Client().send(quotas, "/api/admin/quotas", { headers: user })).status).toBe(403);
    expect((await new Client().send(chaos, "/api/admin/chaos", { headers: user })).status).toBe(403);
    const bearer = await admin();
    for (const [target, body] of [
      ["nasdaq", { mode: "error" }],
      ["bedrock", { mode: "explode" }],
      ["bedrock", { mode: "error", minutes: -1 }],
      ["bedrock", "not json"],
      ["__proto__", { mode: "off" }],
    ] as const) {
      const refused = await put(target, body, bearer);
      expect(refused.status).toBe(400);
      expect((await refused.json()).error.code).toMatch(/validation_failed|invalid_json/);
    }
  });
});
