import { describe, expect, it } from "vitest";
import { POST as anonymous } from "@/app/api/auth/anonymous/route";
import { GET as me } from "@/app/api/me/route";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "@/server/auth";
import { Client, unique } from "@/server/auth.testing";
import { DEFAULT_BODY_LIMIT } from "@/server/respond";
import { GET, POST } from "./route";

const signup = (client: Client, body: unknown, options = {}) =>
  client.send(POST, "/api/auth/signup", { body, ...options });

describe("POST /api/auth/signup", () => {
  it("creates a member: 201 {user}, both cookies, no-store; the access cookie then identifies it", async () => {
    const client = new Client();
    const who = unique("su");
    const response = await signup(client, who);
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { user } = await response.json();
    expect(user).toMatchObject({ kind: "member", handle: who.handle, email: who.email, hasPassword: true });
    expect(user).not.toHaveProperty("passwordHash");
    expect(client.cookie(ACCESS_COOKIE)).toBeTruthy();
    expect(client.cookies.get(REFRESH_COOKIE)?.path).toBe("/api/auth");

    const current = await client.send(me, "/api/me");
    expect(current.status).toBe(200);
    expect((await current.json()).user.id).toBe(user.id);
  });

  it("upgrades the calling guest: same user id", async () => {
    const client = new Client();
    const guest = await client.send(anonymous, "/api/auth/anonymous", { method: "POST" });
    expect(guest.status).toBe(201);
    const { user: visitor } = await guest.json();
    expect(visitor.kind).toBe("anonymous");

    const response = await signup(client, unique("up"));
    expect(response.status).toBe(201);
    const { user } = await response.json();
    expect(user).toMatchObject({ id: visitor.id, kind: "member" });
    expect((await (await client.send(me, "/api/me")).json()).user).toMatchObject({ id: visitor.id });
  });

  it("answers 409 email_taken and handle_taken", async () => {
    const first = unique("dup");
    expect((await signup(new Client(), first)).status).toBe(201);
    const email = await signup(new Client(), { ...unique("dup"), email: first.email.toUpperCase() });
    expect(email.status).toBe(409);
    expect((await email.json()).error.code).toBe("email_taken");
    const handle = await signup(new Client(), { ...unique("dup"), handle: first.handle });
    expect(handle.status).toBe(409);
    expect((await handle.json()).error.code).toBe("handle_taken");
  });

  it("answers 400 with the field for a weak password, a bad handle or email, a missing field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...unique("v"), password: "password123" }, "password"],
      [{ ...unique("v"), password: "short" }, "password"],
      [{ ...unique("v"), handle: "no spaces!" }, "handle"],
      [{ ...unique("v"), handle: "admin" }, "handle"],
      [{ ...unique("v"), email: "not-an-email" }, "email"],
      [{ ...unique("v"), displayName: undefined }, "displayName"],
    ];
    for (const [body, field] of cases) {
      const response = await signup(new Client(), body);
      expect(response.status, field).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe("validation_failed");
      expect(error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
  });

  it("answers 400 to malformed JSON, 413 to an oversized body, 415 to a non-JSON body", async () => {
    const client = new Client();
    const malformed = await signup(client, "{not json");
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_json");
    const huge = await signup(client, JSON.stringify({ padding: "x".repeat(DEFAULT_BODY_LIMIT) }));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("payload_too_large");
    const form = await signup(client, "a=b", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
  });

  it("refuses a cookie-authenticated sign-up without our Origin (403 origin_mismatch)", async () => {
    const client = new Client();
    await client.send(anonymous, "/api/auth/anonymous", { method: "POST" });
    for (const origin of [false, "https://evil.example"] as const) {
      const response = await signup(client, unique("csrf"), { origin });
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe("origin_mismatch");
    }
  });

  it("answers 405 in JSON to other methods", async () => {
    const response = await new Client().send(GET, "/api/auth/signup");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect((await response.json()).error.code).toBe("method_not_allowed");
  });
});
