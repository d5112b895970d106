import { describe, expect, it } from "vitest";
import { DELETE, GET, POST } from "./route";

describe("the API catch-all", () => {
  it("answers an unknown path, whatever the method, with a JSON 404", async () => {
    for (const [handler, method] of [
      [GET, "GET"],
      [POST, "POST"],
      [DELETE, "DELETE"],
    ] as const) {
      const response = await handler(new Request("http://localhost/api/no/such/route", { method }), {
        params: Promise.resolve({ path: ["no", "such", "route"] }),
      });
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({
        error: { code: "not_found", message: `No route for ${method} /api/no/such/route` },
      });
    }
  });
});
