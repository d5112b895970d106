import { describe, expect, it } from "vitest";
import { POST as anonymous } from "@/app/api/auth/anonymous/route";
import { GET as me } from "@/app/api/me/route";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "@/server/auth";
import { Client, member, unique, VIEWER } from "@/server/auth.testing";
import { GET, POST } from "./route";

const login = (client: Client, body: unknown) => client.send(POST, "/api/auth/login", { body });

describe("POST /api/auth/login", () => {
  it("signs in: 200 {user} with both cookies", async () => {
    const who = await member("li");
    const client = new Client();
    const response = await login(client, { email: who.email.toUpperCase(), password: who.password });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect((await response.json()).user).toMatchObject({ id: who.tokens.user.id, kind: "member" });
    expect(client.cookie(ACCESS_COOKIE)).toBeTruthy();
    expect(client.cookie(REFRESH_COOKIE)).toBeTruthy();
    expect((await client.send(me, "/api/me")).status).toBe(200);
  });

  it("answers a wrong password and an unknown email with the same 401", async () => {
    const who = await member("li");
    const wrong = await login(new Client(), { email: who.email, password: "not the right one at all" });
    const unknown = await login(new Client(), { email: unique().email, password: who.password });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("ends the guest session it replaces", async () => {
    const who = await member("li");
    const client = new Client();
    await client.send(anonymous, "/api/auth/anonymous", { method: "POST" });
    const guestCookie = client.cookie(ACCESS_COOKIE);
    expect((await login(client, { email: who.email, password: who.password })).status).toBe(200);
    const old = await new Client().send(me, "/api/me", {
      headers: { authorization: `Bearer ${guestCookie}` },
    });
    expect(old.status).toBe(401);
  });

  it("stops a brute force with 429 and Retry-After, even for the right password", async () => {
    const who = await member("bf");
    const attacker = new Client();
    let limited: Response | undefined;
    for (let attempt = 0; attempt < 40 && !limited; attempt++) {
      const response = await login(attacker, { email: who.email, password: `guess number ${attempt}` });
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(401);
    }
    if (!limited) throw new Error("40 wrong passwords in a row were never limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe("rate_limited");
    // The account is locked for this window whatever the IP, so the right password does not get through.
    const right = await login(new Client(), { email: who.email, password: who.password });
    expect(right.status).toBe(429);
  });

  it("counts the real client: 32 failures with varying X-Forwarded-For from one address → 429", async () => {
    const client = new Client();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 32; attempt++) {
      // Different (unknown) accounts, so only the per-IP limit (30 a minute) can stop this.
      const response = await client.send(POST, "/api/auth/login", {
        body: { email: unique("xff").email, password: "not the password at all" },
        headers: { "x-forwarded-for": `198.51.100.${attempt}`, "x-real-ip": `198.51.100.${attempt}` },
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual([429, 429]);
  });

  it("without the edge's address header, trusts no X-Forwarded-For: such requests share one bucket", async () => {
    const direct = new Client();
    let limited = false;
    for (let attempt = 0; attempt < 32 && !limited; attempt++) {
      const response = await direct.send(POST, "/api/auth/login", {
        body: { email: unique("xff").email, password: "not the password at all" },
        headers: { [VIEWER]: "", "x-forwarded-for": `198.51.100.${attempt}` },
      });
      limited = response.status === 429;
      if (!limited) expect(response.status).toBe(401);
    }
    expect(limited).toBe(true);
  });

  it("answers 400 to a missing field and 405 to GET", async () => {
    expect((await login(new Client(), { email: "a@example.com" })).status).toBe(400);
    expect((await new Client().send(GET, "/api/auth/login")).status).toBe(405);
  });
});
