import { describe, expect, it } from "vitest";
import { POST as refresh } from "@/app/api/auth/refresh/route";
import { POST as signup } from "@/app/api/auth/signup/route";
import { GET as me } from "@/app/api/me/route";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "@/server/auth";
import { Client, unique } from "@/server/auth.testing";
import { GET, POST } from "./route";

async function signedIn() {
  const client = new Client();
  expect((await client.send(signup, "/api/auth/signup", { body: unique("lo") })).status).toBe(201);
  return client;
}

describe("POST /api/auth/logout", () => {
  it("ends the session and clears both cookies (204)", async () => {
    const client = await signedIn();
    const { at, rt } = { at: client.cookie(ACCESS_COOKIE), rt: client.cookie(REFRESH_COOKIE) };
    const response = await client.send(POST, "/api/auth/logout", { method: "POST" });
    expect(response.status).toBe(204);
    expect(client.cookies.size).toBe(0);
    // Copies of the old cookies are worthless now.
    const replay = new Client();
    replay.cookies.set(ACCESS_COOKIE, { value: at ?? "", path: "/" });
    replay.cookies.set(REFRESH_COOKIE, { value: rt ?? "", path: "/api/auth" });
    expect((await replay.send(me, "/api/me")).status).toBe(401);
    expect((await replay.send(refresh, "/api/auth/refresh", { method: "POST" })).status).toBe(401);
  });

  it("ends the session named by the refresh cookie when the access cookie is gone", async () => {
    const client = await signedIn();
    const rt = client.cookie(REFRESH_COOKIE);
    client.cookies.delete(ACCESS_COOKIE);
    expect((await client.send(POST, "/api/auth/logout", { method: "POST" })).status).toBe(204);
    const replay = new Client();
    replay.cookies.set(REFRESH_COOKIE, { value: rt ?? "", path: "/api/auth" });
    expect((await replay.send(refresh, "/api/auth/refresh", { method: "POST" })).status).toBe(401);
  });

  it("is 204 without a session, 403 from another origin, 405 to GET", async () => {
    expect((await new Client().send(POST, "/api/auth/logout", { method: "POST" })).status).toBe(204);
    const client = await signedIn();
    const crossSite = await client.send(POST, "/api/auth/logout", {
      method: "POST",
      origin: "https://evil.example",
    });
    expect(crossSite.status).toBe(403);
    expect((await client.send(me, "/api/me")).status).toBe(200);
    expect((await new Client().send(GET, "/api/auth/logout")).status).toBe(405);
  });
});
