import { describe, expect, it } from "vitest";
import { GET } from "./route";

const none = { params: Promise.resolve({}) };

describe("/api/metrics/snapshots (on the local platform)", () => {
  it("lists at most `limit` snapshots, newest first", async () => {
    const response = await GET(new Request("http://localhost/api/metrics/snapshots?limit=5"), none);
    expect(response.status).toBe(200);
    const { items } = await response.json();
    expect(items.length).toBeLessThanOrEqual(5);
    const minutes = items.map((s: { minute: string }) => s.minute);
    expect(minutes).toEqual([...minutes].sort().reverse());
  });

  it("refuses a limit out of range with 400", async () => {
    const response = await GET(new Request("http://localhost/api/metrics/snapshots?limit=0"), none);
    expect(response.status).toBe(400);
    expect((await response.json()).error.details[0].path).toBe("limit");
  });
});
