import { describe, expect, it } from "vitest";
import {
  ACCESS_COOKIE,
  callerOf,
  clearedCookies,
  clientIp,
  cookiesOf,
  REFRESH_COOKIE,
  requestOrigin,
  tokenCookies,
} from "./auth";

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

describe("requestOrigin", () => {
  it("is the URL's origin without proxy headers", () => {
    expect(requestOrigin(new Request("http://localhost:3000/api/me"))).toBe("http://localhost:3000");
  });

  it("follows x-forwarded-host / x-forwarded-proto as CloudFront and OpenNext set them", () => {
    const req = new Request("http://lambda-url.internal/api/me", {
      headers: { "x-forwarded-host": "bourse.example.com", "x-forwarded-proto": "https" },
    });
    expect(requestOrigin(req)).toBe("https://bourse.example.com");
  });

  it("adds x-forwarded-port when the host has none, and drops a default port", () => {
    const dev = new Request("http://0.0.0.0/api/me", {
      headers: { "x-forwarded-host": "localhost", "x-forwarded-port": "3000", "x-forwarded-proto": "http" },
    });
    expect(requestOrigin(dev)).toBe("http://localhost:3000");
    const https = new Request("http://x/api", {
      headers: { "x-forwarded-host": "a.example", "x-forwarded-port": "443", "x-forwarded-proto": "https" },
    });
    expect(requestOrigin(https)).toBe("https://a.example");
  });
});

describe("clientIp", () => {
  it("is the first x-forwarded-for entry, else local", () => {
    const req = new Request("http://x/", { headers: { "x-forwarded-for": " 203.0.113.7 , 10.0.0.1" } });
    expect(clientIp(req)).toBe("203.0.113.7");
    expect(clientIp(new Request("http://x/"))).toBe("local");
  });

  it("prefers CloudFront's viewer address, without its port", () => {
    const headers = {
      "x-forwarded-for": "10.9.9.9, 203.0.113.7",
      "cloudfront-viewer-address": "203.0.113.7:46532",
    };
    expect(clientIp(new Request("http://x/", { headers }))).toBe("203.0.113.7");
    const v6 = { "cloudfront-viewer-address": "2001:db8::1:46532" };
    expect(clientIp(new Request("http://x/", { headers: v6 }))).toBe("2001:db8::1");
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
    const [access, refresh] = tokenCookies(new Request("https://bourse.example.com/api/auth/login"), tokens);
    expect(access).toMatch(/^bourse_at=a\.b\.c;/);
    expect(attributes(access!)).toEqual({
      path: "/",
      "max-age": "900",
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

  it("leaves Secure off only for localhost, 127.0.0.1 and [::1]", () => {
    for (const host of ["localhost:3000", "127.0.0.1:8080", "[::1]:3000"]) {
      const lines = tokenCookies(new Request(`http://${host}/api/auth/login`), tokens);
      for (const line of lines) expect(attributes(line).secure).toBeUndefined();
    }
    const proxied = new Request("http://localhost/api/auth/login", {
      headers: { "x-forwarded-host": "bourse.example.com", "x-forwarded-proto": "https" },
    });
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

  it("is public without credentials", async () => {
    expect(await callerOf(new Request(url, { method: "POST" }))).toEqual({
      actor: { type: "public", properties: {} },
      via: "none",
    });
  });

  it("refuses a state-changing request riding on cookies from another origin, or with no Origin", async () => {
    const attempts: Record<string, string>[] = [
      { cookie: `${ACCESS_COOKIE}=whatever` },
      { cookie: `${REFRESH_COOKIE}=whatever` },
      { cookie: `${ACCESS_COOKIE}=whatever`, origin: "https://evil.example" },
      { cookie: `${ACCESS_COOKIE}=whatever`, origin: "null" },
      { cookie: `${ACCESS_COOKIE}=whatever`, origin: "http://localhost:3001" },
    ];
    for (const headers of attempts)
      await expect(callerOf(new Request(url, { method: "POST", headers }))).rejects.toMatchObject({
        status: 403,
        code: "origin_mismatch",
      });
  });

  it("treats a bad access cookie as no actor (the browser then refreshes)", async () => {
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

  it("answers 401 invalid_token for a bad or malformed bearer token", async () => {
    for (const authorization of ["Bearer garbage", "Basic dXNlcjpwYXNz", "Bearer"])
      await expect(callerOf(new Request(url, { headers: { authorization } }))).rejects.toMatchObject({
        status: 401,
        code: "invalid_token",
      });
  });

  it("answers 401 for an unknown API key", async () => {
    await expect(
      callerOf(new Request(url, { headers: { "x-api-key": "bk_nothing_like_a_key" } })),
    ).rejects.toMatchObject({ status: 401 });
  });
});
