import * as Actor from "@bourse/core/actor";
import * as User from "@bourse/core/user";
import { Resource } from "sst";
import { describe, expect, it } from "vitest";
import { Client, member } from "@/server/auth.testing";
import { GET } from "./route";

const scrape = (headers: Record<string, string> = {}) => new Client().send(GET, "/api/metrics", { headers });

describe("/api/metrics", () => {
  it("answers a scraper with the stage's token in the Prometheus text format", async () => {
    const response = await scrape({ authorization: `Bearer ${Resource.MetricsScrapeToken.value}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of [
      "process_cpu_user_seconds_total",
      "bourse_http_requests_total",
      "bourse_snapshot_up 1",
    ])
      expect(text).toContain(name);
  });

  it("answers an admin without a token", async () => {
    const admin = await member("metricsadmin");
    await Actor.system("metrics-test", () => User.setRole(admin.tokens.user.id, "admin"));
    expect((await scrape(admin.bearer)).status).toBe(200);
  });

  it("refuses everyone else: 401 without a token, 403 for a wrong token or a non-admin", async () => {
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toMatch(/json/);
    for (const token of ["wrong", `${Resource.MetricsScrapeToken.value}x`, "a.b"]) {
      const refused = await scrape({ authorization: `Bearer ${token}` });
      expect([401, 403]).toContain(refused.status);
      expect(await refused.text()).not.toContain("bourse_http_requests_total");
    }
    expect((await scrape({ authorization: "Bearer wrong" })).status).toBe(403);
    expect((await scrape((await member("metricsuser")).bearer)).status).toBe(403);
  });
});
