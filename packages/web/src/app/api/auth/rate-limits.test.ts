import { afterEach, describe, expect, it, vi } from "vitest";
import { REFRESH_COOKIE, REFRESH_PATH } from "@/server/auth";
import { Client, member, unique } from "@/server/auth.testing";
import { POST as anonymous } from "./anonymous/route";
import { GET as verify } from "./magic-link/verify/route";
import { POST as refresh } from "./refresh/route";
import { POST as signup } from "./signup/route";
import { POST as token } from "./token/route";

/**
 * Rate limits of every identity door (core's RateLimit), through the real route handlers: past its limit a
 * client gets 429 rate_limited with Retry-After. Clients present their address as the edge does; a forged
 * X-Forwarded-For never opens a new bucket. Log-in and magic-link requests: login/ and magic-link/ tests.
 */

afterEach(() => {
  vi.unstubAllEnvs();
});

const forged = (i: number) => ({ "x-forwarded-for": `198.51.100.${i % 250}` });

async function expectLimited(response: Response) {
  expect(response.status).toBe(429);
  expect((await response.json()).error.code).toBe("rate_limited");
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
}

describe("rate limits", () => {
  it("sign-up, per IP (default 20 per 10 minutes), whatever X-Forwarded-For says", async () => {
    const client = new Client();
    for (let i = 0; i < 20; i++) {
      const response = await client.send(signup, "/api/auth/signup", {
        body: unique("su"),
        headers: forged(i),
      });
      expect(response.status).toBe(201);
      client.cookies.clear();
    }
    await expectLimited(
      await client.send(signup, "/api/auth/signup", { body: unique("su"), headers: forged(99) }),
    );
  });

  it("sign-up, per email (default 5 per 10 minutes): probing whether an email is taken stays slow", async () => {
    const who = unique("su");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await new Client().send(signup, "/api/auth/signup", {
        body: { ...who, handle: unique("su").handle },
      });
      statuses.push(response.status);
      if (i === 5) await expectLimited(response);
    }
    expect(statuses).toEqual([201, 409, 409, 409, 409, 429]);
  });

  it("guest creation, per IP", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_TOKEN_IP", "3/60");
    const client = new Client();
    for (let i = 0; i < 3; i++) {
      const response = await client.send(anonymous, "/api/auth/anonymous", {
        method: "POST",
        headers: forged(i),
      });
      expect(response.status).toBe(201);
      client.cookies.clear();
    }
    await expectLimited(await client.send(anonymous, "/api/auth/anonymous", { method: "POST" }));
  });

  it("the browser's refresh, per IP", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_TOKEN_IP", "2/60");
    const client = new Client();
    const send = (i: number) => {
      client.cookies.set(REFRESH_COOKIE, { value: "A".repeat(43), path: REFRESH_PATH });
      return client.send(refresh, "/api/auth/refresh", { method: "POST", headers: forged(i) });
    };
    expect((await send(0)).status).toBe(401);
    expect((await send(1)).status).toBe(401);
    await expectLimited(await send(2));
  });

  it("refresh_token grants, per IP", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_TOKEN_IP", "2/60");
    const client = new Client();
    const grant = { grant_type: "refresh_token", refresh_token: "B".repeat(43) };
    expect((await client.send(token, "/api/auth/token", { body: grant, headers: forged(0) })).status).toBe(
      401,
    );
    expect((await client.send(token, "/api/auth/token", { body: grant, headers: forged(1) })).status).toBe(
      401,
    );
    await expectLimited(await client.send(token, "/api/auth/token", { body: grant, headers: forged(2) }));
  });

  it("refresh_token grants, per account, from any number of addresses", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_TOKEN_ACCOUNT", "2/60");
    const who = await member("rl");
    let refreshToken = who.tokens.refreshToken;
    for (let i = 0; i < 2; i++) {
      const response = await new Client().send(token, "/api/auth/token", {
        body: { grant_type: "refresh_token", refresh_token: refreshToken },
      });
      expect(response.status).toBe(200);
      refreshToken = (await response.json()).refresh_token;
    }
    await expectLimited(
      await new Client().send(token, "/api/auth/token", {
        body: { grant_type: "refresh_token", refresh_token: refreshToken },
      }),
    );
  });

  it("password grants, per IP (the log-in limit)", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_LOGIN_IP", "2/60");
    const client = new Client();
    const grant = () => ({ grant_type: "password", email: unique("rl").email, password: "not it at all" });
    expect((await client.send(token, "/api/auth/token", { body: grant(), headers: forged(0) })).status).toBe(
      401,
    );
    expect((await client.send(token, "/api/auth/token", { body: grant(), headers: forged(1) })).status).toBe(
      401,
    );
    await expectLimited(await client.send(token, "/api/auth/token", { body: grant(), headers: forged(2) }));
  });

  it("magic-link use, per IP: the browser lands on the log-in page with rate_limited and Retry-After", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_MAGIC_LINK_IP", "2/900");
    const client = new Client();
    const open = (i: number) =>
      client.send(verify, `/api/auth/magic-link/verify?token=${"C".repeat(40)}${i}`, { headers: forged(i) });
    for (let i = 0; i < 2; i++)
      expect((await open(i)).headers.get("location")).toMatch(/\/login\?error=invalid_link$/);
    const limited = await open(2);
    expect(limited.status).toBe(303);
    expect(limited.headers.get("location")).toMatch(/\/login\?error=rate_limited$/);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
