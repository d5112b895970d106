import { describe, expect, it } from "vitest";
import { GET } from "./route";

const none = { params: Promise.resolve({}) };

describe("/api/metrics", () => {
  it("answers in the Prometheus text format with process, request and snapshot metrics", async () => {
    const response = await GET(new Request("http://localhost/api/metrics"), none);
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
});
