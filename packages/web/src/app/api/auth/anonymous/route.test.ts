import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/me/route";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "@/server/auth";
import { Client } from "@/server/auth.testing";
import { GET, POST } from "./route";

describe("POST /api/auth/anonymous", () => {
  it("makes a guest: 201 {user} of kind anonymous, with cookies that identify it", async () => {
    const client = new Client();
    expect((await client.send(me, "/api/me")).status).toBe(401);
    const response = await client.send(POST, "/api/auth/anonymous", { method: "POST" });
    expect(response.status).toBe(201);
    const { user } = await response.json();
    expect(user).toMatchObject({ kind: "anonymous", handle: null, email: null, displayName: "Guest" });
    expect(client.cookie(ACCESS_COOKIE)).toBeTruthy();
    expect(client.cookie(REFRESH_COOKIE)).toBeTruthy();
    const current = await client.send(me, "/api/me");
    expect(current.status).toBe(200);
    expect((await current.json()).user.id).toBe(user.id);
  });

  it("refuses a cross-site POST (foreign Origin, no cookies): 403 origin_mismatch, no cookies set", async () => {
    for (const origin of ["https://evil.example", "null", "http://localhost:3001"]) {
      const client = new Client();
      const response = await client.send(POST, "/api/auth/anonymous", { method: "POST", origin });
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe("origin_mismatch");
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    // Without Origin (an API client), a guest is still made.
    const api = await new Client().send(POST, "/api/auth/anonymous", { method: "POST", origin: false });
    expect(api.status).toBe(201);
  });

  it("answers 405 to GET", async () => {
    expect((await new Client().send(GET, "/api/auth/anonymous")).status).toBe(405);
  });
});
