import { afterEach, describe, expect, it, vi } from "vitest";
import { Client } from "@/server/auth.testing";
import { GET, POST } from "./route";

/** POST /api/sentiment/score through the real handler: anyone may call it, limited per client IP. */

afterEach(() => {
  vi.unstubAllEnvs();
});

const PATH = "/api/sentiment/score";

async function expectInvalid(response: Response) {
  expect(response.status).toBe(400);
  expect((await response.json()).error.code).toBe("validation_failed");
}

describe("POST /api/sentiment/score", () => {
  it("scores texts for a caller without a session, in the order sent", async () => {
    const texts = [
      "Acme shares plunge after the company cuts its outlook",
      "Acme Corp beats earnings estimates and raises full-year guidance",
      "Acme to report third-quarter results on October 24",
    ];
    const response = await new Client().send(POST, PATH, { body: { texts } });
    expect(response.status).toBe(200);
    const { results } = await response.json();
    expect(results.map((r: { label: string }) => r.label)).toEqual(["bearish", "bullish", "neutral"]);
    expect(results[0].score).toBeLessThan(0);
    expect(results[1].score).toBeGreaterThan(0);
    for (const r of results) expect(Math.abs(r.score)).toBeLessThanOrEqual(1);
    // The reverse order gives the same results reversed.
    const reversed = await new Client().send(POST, PATH, { body: { texts: [...texts].reverse() } });
    expect((await reversed.json()).results).toEqual([...results].reverse());
  });

  it("accepts 100 texts of 1,000 characters", async () => {
    const texts = Array.from({ length: 100 }, (_, i) => `${i} `.padEnd(1000, "x"));
    const response = await new Client().send(POST, PATH, { body: { texts } });
    expect(response.status).toBe(200);
    expect((await response.json()).results).toHaveLength(100);
  });

  it.each([
    ["no texts", { texts: [] }],
    ["101 texts", { texts: Array.from({ length: 101 }, () => "ok") }],
    ["a text of 1,001 characters", { texts: ["x".repeat(1001)] }],
    ["a non-string text", { texts: ["ok", 7] }],
    ["texts that are not a list", { texts: "Acme beats" }],
    ["no texts field", {}],
  ])("answers 400 validation_failed for %s", async (_, body) => {
    await expectInvalid(await new Client().send(POST, PATH, { body }));
  });

  it("answers 400 for a body that is not JSON", async () => {
    const response = await new Client().send(POST, PATH, { body: "{texts:" });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_json");
  });

  it("answers 405 with JSON to GET", async () => {
    const response = await new Client().send(GET, PATH, { method: "GET" });
    expect(response.status).toBe(405);
  });

  it("limits each client IP (429 rate_limited with Retry-After), others go on", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_SENTIMENT_IP", "3/60");
    const client = new Client();
    for (let i = 0; i < 3; i++)
      expect((await client.send(POST, PATH, { body: { texts: ["Acme beats"] } })).status).toBe(200);
    // A forged X-Forwarded-For opens no new bucket.
    const limited = await client.send(POST, PATH, {
      body: { texts: ["Acme beats"] },
      headers: { "x-forwarded-for": "198.51.100.7" },
    });
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await new Client().send(POST, PATH, { body: { texts: ["Acme beats"] } })).status).toBe(200);
  });
});
