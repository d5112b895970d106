import { describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/auth/signup/route";
import { GET as me } from "@/app/api/me/route";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "@/server/auth";
import { Client, unique } from "@/server/auth.testing";
import { GET, POST } from "./route";

async function signedIn() {
  const client = new Client();
  expect((await client.send(signup, "/api/auth/signup", { body: unique("rf") })).status).toBe(201);
  return client;
}

const refresh = (client: Client, options = {}) =>
  client.send(POST, "/api/auth/refresh", { method: "POST", ...options });

describe("POST /api/auth/refresh", () => {
  it("rotates both cookies with 204", async () => {
    const client = await signedIn();
    const before = { rt: client.cookie(REFRESH_COOKIE) };
    const response = await refresh(client);
    expect(response.status).toBe(204);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(client.cookie(REFRESH_COOKIE)).not.toBe(before.rt);
    // A new access cookie is set too (within the same second the JWT may be byte-identical).
    const names = response.headers.getSetCookie().map((line) => line.split("=")[0]);
    expect(names.sort()).toEqual([ACCESS_COOKIE, REFRESH_COOKIE]);
    expect(client.cookie(ACCESS_COOKIE)).toBeTruthy();
    expect((await client.send(me, "/api/me")).status).toBe(200);
  });

  it("a replayed refresh cookie is a 401 that clears the cookies, and the rotated one is dead too", async () => {
    const client = await signedIn();
    const stolen = client.cookie(REFRESH_COOKIE);
    expect((await refresh(client)).status).toBe(204);
    const rotated = client.cookie(REFRESH_COOKIE);

    const attacker = new Client();
    const replay = await refresh(attacker, { headers: { cookie: `${REFRESH_COOKIE}=${stolen}` } });
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.code).toBe("refresh_token_reused");
    expect(replay.headers.getSetCookie().every((line) => /Max-Age=0/.test(line))).toBe(true);

    const victim = await refresh(client);
    expect(victim.status).toBe(401);
    expect(rotated).toBeTruthy();
    expect(client.cookie(REFRESH_COOKIE)).toBeUndefined();
    expect(client.cookie(ACCESS_COOKIE)).toBeUndefined();
  });

  it("answers 401 without a refresh cookie, 403 without our Origin", async () => {
    const none = await refresh(new Client());
    expect(none.status).toBe(401);
    expect((await none.json()).error.code).toBe("invalid_refresh_token");
    expect(none.headers.getSetCookie()).toEqual([]);
    const client = await signedIn();
    const crossSite = await refresh(client, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error.code).toBe("origin_mismatch");
    expect((await refresh(client, { origin: false })).status).toBe(403);
  });

  it("answers 405 to GET", async () => {
    expect((await new Client().send(GET, "/api/auth/refresh")).status).toBe(405);
  });
});
