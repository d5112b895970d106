import { describe, expect, it } from "vitest";
import { GET } from "./route";

const none = { params: Promise.resolve({}) };

describe("/api/health (on the local platform)", () => {
  it("answers 200 with every check ok, never cached", async () => {
    const response = await GET(new Request("http://localhost/api/health"), none);
    const report = await response.json();
    expect(report).toMatchObject({
      status: "ok",
      checks: { table: { ok: true }, media: { ok: true }, data: { ok: true } },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
