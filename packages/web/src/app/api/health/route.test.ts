import * as Health from "@bourse/core/health";
import { describe, expect, it } from "vitest";
import { GET } from "./route";

const none = { params: Promise.resolve({}) };

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
});
