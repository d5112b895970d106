import { describe, expect, it } from "vitest";
import { POST as anonymous } from "@/app/api/auth/anonymous/route";
import { POST as signup } from "@/app/api/auth/signup/route";
import { Client, member, unique } from "@/server/auth.testing";
import { DELETE, GET, PATCH, POST } from "./route";

async function signedIn() {
  const client = new Client();
  const who = unique("me");
  expect((await client.send(signup, "/api/auth/signup", { body: who })).status).toBe(201);
  return { client, who };
}

const patch = (client: Client, body: unknown, options = {}) =>
  client.send(PATCH, "/api/me", { method: "PATCH", body, ...options });

describe("/api/me", () => {
  it("GET is 401 without a session, and the caller's own account with one", async () => {
    const anonymousCall = await new Client().send(GET, "/api/me");
    expect(anonymousCall.status).toBe(401);
    expect(anonymousCall.headers.get("cache-control")).toBe("no-store");
    const { client, who } = await signedIn();
    const response = await client.send(GET, "/api/me");
    expect(response.status).toBe(200);
    expect((await response.json()).user).toMatchObject({ handle: who.handle, email: who.email });
  });

  it("GET with a bearer token works without cookies", async () => {
    const who = await member("me");
    const response = await new Client().send(GET, "/api/me", { headers: who.bearer });
    expect((await response.json()).user.id).toBe(who.tokens.user.id);
  });

  it("PATCH updates the member's profile, and refuses invalid or unknown fields with 400", async () => {
    const { client } = await signedIn();
    const response = await patch(client, { displayName: "  New Name ", bio: "Long semis." });
    expect(response.status).toBe(200);
    expect((await response.json()).user).toMatchObject({ displayName: "New Name", bio: "Long semis." });
    expect((await (await client.send(GET, "/api/me")).json()).user.bio).toBe("Long semis.");

    for (const body of [{ displayName: "" }, { bio: "x".repeat(301) }, { role: "admin" }, { handle: "a b" }])
      expect((await patch(client, body)).status, JSON.stringify(body)).toBe(400);
    expect((await (await client.send(GET, "/api/me")).json()).user.role).toBe("user");
  });

  it("PATCH lets a guest name itself", async () => {
    const client = new Client();
    await client.send(anonymous, "/api/auth/anonymous", { method: "POST" });
    const response = await patch(client, { displayName: "Guest Trader", bio: "Just looking" });
    expect(response.status).toBe(200);
    expect((await response.json()).user).toMatchObject({ kind: "anonymous", displayName: "Guest Trader" });
  });

  it("PATCH without a session is 401; with cookies but no Origin 403", async () => {
    expect((await patch(new Client(), { bio: "x" })).status).toBe(401);
    const { client } = await signedIn();
    expect((await patch(client, { bio: "x" }, { origin: false })).status).toBe(403);
  });

  it("answers 405 to POST and DELETE", async () => {
    const { client } = await signedIn();
    expect((await client.send(POST, "/api/me", { method: "POST" })).status).toBe(405);
    expect((await client.send(DELETE, "/api/me", { method: "DELETE" })).status).toBe(405);
  });
});
