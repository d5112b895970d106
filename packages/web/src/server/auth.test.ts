import * as AccessToken from "@bourse/core/auth/access-token";
import type { DomainError } from "@bourse/core/error";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ACCESS_COOKIE,
  callerOf,
  clearedCookies,
  clientIp,
  cookiesOf,
  publicOrigin,
  REFRESH_COOKIE,
  requestOrigin,
  tokenCookies,
  UNKNOWN_CLIENT,
} from "./auth";
import { statusOf } from "./errors";

/** How the one mapper answers an error: its status and code. */
function answerOf(error: unknown) {
  const e = error as DomainError;
  return { status: statusOf(e), code: e.code };
}

/** The answer to what a call threw (or resolved: then nothing). */
const refusal = (run: Promise<unknown>) => run.then(() => undefined, answerOf);

function thrown(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return answerOf(error);
  }
  return undefined;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const tokens = {
  accessToken: "a.b.c",
  expiresIn: 900,
  refreshToken: "r1",
  refreshExpiresIn: 7 * 24 * 3600,
  sessionID: "s1",
  // biome-ignore lint/suspicious/noExplicitAny: the user is not part of the cookies
  user: {} as any,
};

const attributes = (line: string) =>
  Object.fromEntries(
    line
      .split(";")
      .slice(1)
      .map((part) => {
        const [name, value] = part.trim().split("=");
        return [name!.toLowerCase(), value ?? true];
      }),
  );

describe("publicOrigin and requestOrigin", () => {
  it("take no forwarded header into account", () => {
    vi.stubEnv("BOURSE_PUBLIC_URL", "https://bourse.example.com/");
    const forged = new Request("http://lambda-url.internal/api/me", {
      headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", host: "evil.example" },
    });
    expect(publicOrigin()).toBe("https://bourse.example.com");
    expect(requestOrigin(forged)).toBe("http://lambda-url.internal");
  });

  it("refuse to make links without BOURSE_PUBLIC_URL: 503 not_configured", () => {
    for (const value of ["", "not a url", "javascript:alert(1)"]) {
      vi.stubEnv("BOURSE_PUBLIC_URL", value);
      expect(thrown(publicOrigin)).toMatchObject({ status: 503, code: "not_configured" });
    }
  });
});

describe("clientIp", () => {
  it("is CloudFront's viewer address without its port, IPv4 or IPv6", () => {
    const ip = (viewer: string) =>
      clientIp(new Request("http://x/", { headers: { "cloudfront-viewer-address": viewer } }));
    expect(ip("203.0.113.7:46532")).toBe("203.0.113.7");
    expect(ip("2001:db8::1:46532")).toBe("2001:db8::1");
    expect(ip("[2001:db8::2]:443")).toBe("2001:db8::2");
  });

  it("never reads X-Forwarded-For or other client headers: without the edge's header, one shared bucket", () => {
    const forged = {
      "x-forwarded-for": "198.51.100.1",
      "x-real-ip": "198.51.100.2",
      forwarded: "for=198.51.100.3",
      "true-client-ip": "198.51.100.4",
    };
    expect(clientIp(new Request("http://x/", { headers: forged }))).toBe(UNKNOWN_CLIENT);
    expect(clientIp(new Request("http://x/"))).toBe(UNKNOWN_CLIENT);
    const junk = { "cloudfront-viewer-address": "not-an-ip:1", "x-forwarded-for": "198.51.100.1" };
    expect(clientIp(new Request("http://x/", { headers: junk }))).toBe(UNKNOWN_CLIENT);
    const both = { "cloudfront-viewer-address": "203.0.113.9:1", "x-forwarded-for": "198.51.100.1" };
    expect(clientIp(new Request("http://x/", { headers: both }))).toBe("203.0.113.9");
  });
});

describe("cookies", () => {
  it("parses the Cookie header, first value wins", () => {
    const req = new Request("http://x/", { headers: { cookie: "a=1; bourse_at=x%3Dy; a=2; junk" } });
    const cookies = cookiesOf(req);
    expect(cookies.get("a")).toBe("1");
    expect(cookies.get(ACCESS_COOKIE)).toBe("x=y");
    expect(cookies.has("junk")).toBe(false);
  });

  it("sets the access cookie on / for its lifetime and the refresh cookie on /api/auth for 7 days", () => {
    vi.stubEnv("BOURSE_PUBLIC_URL", "https://bourse.example.com");
    const [access, refresh] = tokenCookies(new Request("https://bourse.example.com/api/auth/login"), tokens);
    expect(access).toMatch(/^bourse_at=a\.b\.c;/);
    // As long as the refresh cookie, past the token's 900 s: an expired token asks the browser to refresh.
    expect(attributes(access!)).toEqual({
      path: "/",
      "max-age": String(7 * 24 * 3600),
      httponly: true,
      samesite: "Lax",
      secure: true,
    });
    expect(refresh).toMatch(/^bourse_rt=r1;/);
    expect(attributes(refresh!)).toEqual({
      path: "/api/auth",
      "max-age": String(7 * 24 * 3600),
      httponly: true,
      samesite: "Lax",
      secure: true,
    });
  });

  it("follows the public URL's scheme for Secure, whatever the request says", () => {
    const proxied = new Request("http://localhost/api/auth/login", {
      headers: { "x-forwarded-host": "localhost", "x-forwarded-proto": "http" },
    });
    vi.stubEnv("BOURSE_PUBLIC_URL", "https://bourse.example.com");
    for (const line of tokenCookies(proxied, tokens)) expect(attributes(line).secure).toBe(true);
    vi.stubEnv("BOURSE_PUBLIC_URL", "http://localhost:3000");
    const https = new Request("https://bourse.example.com/api/auth/login");
    for (const line of tokenCookies(https, tokens)) expect(attributes(line).secure).toBeUndefined();
    vi.stubEnv("BOURSE_PUBLIC_URL", "");
    for (const line of tokenCookies(proxied, tokens)) expect(attributes(line).secure).toBe(true);
  });

  it("clears both cookies on their own paths", () => {
    const [access, refresh] = clearedCookies(new Request("http://localhost/api/auth/logout"));
    expect(access).toMatch(/^bourse_at=;/);
    expect(attributes(access!)).toMatchObject({ path: "/", "max-age": "0" });
    expect(refresh).toMatch(/^bourse_rt=;/);
    expect(attributes(refresh!)).toMatchObject({ path: "/api/auth", "max-age": "0" });
  });
});

describe("callerOf", () => {
  const url = "http://localhost:3000/api/me";
  const stubPublicUrl = () => vi.stubEnv("BOURSE_PUBLIC_URL", "http://localhost:3000");

  it("is public without credentials", async () => {
    expect(await callerOf(new Request(url, { method: "POST" }))).toEqual({
      actor: { type: "public", properties: {} },
      via: "none",
    });
  });

  it("refuses any state-changing request with a foreign Origin, whatever its credentials", async () => {
    stubPublicUrl();
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: "http://localhost:3001", authorization: "Bearer whatever" },
      { origin: "https://evil.example", "x-api-key": "bk_whatever" },
      // The request's own Host does not make an origin ours: only BOURSE_PUBLIC_URL does.
      { origin: "http://evil.example", host: "evil.example", "x-forwarded-host": "evil.example" },
    ];
    for (const method of ["POST", "PUT", "PATCH", "DELETE"])
      for (const headers of attempts)
        expect(await refusal(callerOf(new Request(url, { method, headers })))).toMatchObject({
          status: 403,
          code: "origin_mismatch",
        });
    // Safe methods and requests without Origin (API clients) are not concerned.
    const get = await callerOf(new Request(url, { headers: { origin: "https://evil.example" } }));
    expect(get.via).toBe("none");
    expect((await callerOf(new Request(url, { method: "POST" }))).via).toBe("none");
    const ours = new Request(url, { method: "POST", headers: { origin: "http://localhost:3000" } });
    expect((await callerOf(ours)).via).toBe("none");
  });

  it("refuses a state-changing request riding on cookies from another origin, or with no Origin", async () => {
    stubPublicUrl();
    const attempts: Record<string, string>[] = [
      { cookie: `${ACCESS_COOKIE}=whatever` },
      { cookie: `${REFRESH_COOKIE}=whatever` },
      { cookie: `${ACCESS_COOKIE}=whatever`, origin: "https://evil.example" },
      { cookie: `${ACCESS_COOKIE}=whatever`, origin: "null" },
      { cookie: `${ACCESS_COOKIE}=whatever`, origin: "http://localhost:3001" },
    ];
    for (const headers of attempts)
      expect(await refusal(callerOf(new Request(url, { method: "POST", headers })))).toMatchObject({
        status: 403,
        code: "origin_mismatch",
      });
  });

  it("treats a bad access cookie as no actor (the browser then refreshes)", async () => {
    stubPublicUrl();
    const get = await callerOf(new Request(url, { headers: { cookie: `${ACCESS_COOKIE}=garbage` } }));
    expect(get).toEqual({ actor: { type: "public", properties: {} }, via: "cookie" });
    const post = await callerOf(
      new Request(url, {
        method: "POST",
        headers: { cookie: `${ACCESS_COOKIE}=garbage`, origin: "http://localhost:3000" },
      }),
    );
    expect(post.actor.type).toBe("public");
  });

  it("answers 401 to an expired access cookie, so the browser refreshes; the auth routes take it as no actor", async () => {
    stubPublicUrl();
    const issued = new Date(Date.now() - 16 * 60_000);
    const claims = { userID: "01USER", sessionID: "01SESSION", kind: "anonymous" } as const;
    const { token } = await AccessToken.sign(claims, issued);
    const cookie = `${ACCESS_COOKIE}=${token}`;
    const origin = "http://localhost:3000";
    for (const [path, method] of [
      ["/api/calc", "POST"],
      ["/api/me", "GET"],
      ["/api/posts", "GET"],
    ] as const)
      expect(
        await refusal(
          callerOf(new Request(`http://localhost${path}`, { method, headers: { cookie, origin } })),
        ),
      ).toMatchObject({ status: 401, code: "invalid_token" });
    for (const path of ["/api/auth/logout", "/api/auth/refresh", "/api/auth/login"]) {
      const request = new Request(`http://localhost${path}`, { method: "POST", headers: { cookie, origin } });
      expect(await callerOf(request)).toEqual({ actor: { type: "public", properties: {} }, via: "cookie" });
    }
  });

  it("answers 401 invalid_token for a bad or malformed bearer token", async () => {
    for (const authorization of ["Bearer garbage", "Basic dXNlcjpwYXNz", "Bearer"])
      expect(await refusal(callerOf(new Request(url, { headers: { authorization } })))).toMatchObject({
        status: 401,
        code: "invalid_token",
      });
  });

  it("answers 401 for an unknown API key", async () => {
    expect(
      await refusal(callerOf(new Request(url, { headers: { "x-api-key": "bk_nothing_like_a_key" } }))),
    ).toMatchObject({ status: 401 });
  });
});
