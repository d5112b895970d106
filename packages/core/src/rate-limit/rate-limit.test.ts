import { ulid } from "ulid";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RateLimitedError } from "../error";
import * as RateLimit from ".";
import { counters } from "./entities";

afterEach(() => {
  vi.unstubAllEnvs();
});

const key = () => `rl-${ulid()}`;

async function retryAfterOf(promise: Promise<unknown>): Promise<number> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RateLimitedError);
  return (error as RateLimitedError).retryAfterSeconds;
}

describe("RateLimit.limits", () => {
  it("has defaults for every endpoint, per IP and per account", () => {
    const limits = RateLimit.limits({});
    expect(limits.login).toEqual({ ip: { count: 30, seconds: 60 }, account: { count: 10, seconds: 60 } });
    for (const name of RateLimit.NAMES) {
      expect(limits[name].ip).not.toBeNull();
      // Sentiment scoring is open to anyone: it is limited per IP only.
      if (name === "sentiment") expect(limits[name].account).toBeNull();
      else expect(limits[name].account).not.toBeNull();
    }
  });

  it("reads <count>/<seconds> for both scopes, and per scope", () => {
    const limits = RateLimit.limits({
      BOURSE_RATE_LIMIT_LOGIN: "5/30",
      BOURSE_RATE_LIMIT_LOGIN_IP: "100/60",
      BOURSE_RATE_LIMIT_TOKEN_ACCOUNT: "off",
      BOURSE_RATE_LIMIT_MAGIC_LINK: " 2 / 3600 ",
    });
    expect(limits.login).toEqual({ ip: { count: 100, seconds: 60 }, account: { count: 5, seconds: 30 } });
    expect(limits.token.account).toBeNull();
    expect(limits.token.ip).toEqual(RateLimit.DEFAULTS.token.ip);
    expect(limits.magicLink).toEqual({
      ip: { count: 2, seconds: 3600 },
      account: { count: 2, seconds: 3600 },
    });
  });

  it("switches everything off with BOURSE_RATE_LIMITS=off", () => {
    const limits = RateLimit.limits({ BOURSE_RATE_LIMITS: "off", BOURSE_RATE_LIMIT_LOGIN: "5/30" });
    for (const name of RateLimit.NAMES) expect(limits[name]).toEqual({ ip: null, account: null });
  });

  it("refuses malformed values loudly", () => {
    for (const value of ["10", "ten/60", "0/60", "10/0", "-1/60", "10/60/2"])
      expect(() => RateLimit.limits({ BOURSE_RATE_LIMIT_SIGNUP: value })).toThrow(/BOURSE_RATE_LIMIT_SIGNUP/);
  });
});

describe("RateLimit.hit", () => {
  it("allows the limit, then refuses with the seconds left in the window", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_LOGIN", "3/60");
    const ip = key();
    const windowStart = Math.floor(Date.now() / 60_000) * 60_000;
    const now = new Date(windowStart + 15_000);
    for (let i = 0; i < 3; i++) await RateLimit.hit("login", { ip }, now);
    expect(await retryAfterOf(RateLimit.hit("login", { ip }, now))).toBe(45);
    expect(await retryAfterOf(RateLimit.hit("login", { ip }, new Date(windowStart + 59_500)))).toBe(1);
    // The next window starts afresh.
    await RateLimit.hit("login", { ip }, new Date(windowStart + 60_000));
  });

  it("counts IPs and accounts apart, and accounts case-insensitively", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_SIGNUP", "2/600");
    const now = new Date();
    const account = `${key()}@example.com`;
    await RateLimit.hit("signup", { ip: key(), account }, now);
    await RateLimit.hit("signup", { ip: key(), account: account.toUpperCase() }, now);
    await expect(RateLimit.hit("signup", { ip: key(), account }, now)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    // Another account from the same place is not affected; nor is another limit.
    const ip = key();
    await RateLimit.hit("signup", { ip, account: `${key()}@example.com` }, now);
    await RateLimit.hit("login", { ip, account }, now);
  });

  it("keeps counters as expiring items, with no IP or email in clear", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_TOKEN", "5/60");
    const ip = key();
    const now = new Date();
    await RateLimit.hit("token", { ip }, now);
    await RateLimit.hit("token", { ip }, now);
    const seconds = Math.floor(now.getTime() / 1000);
    const window = seconds - (seconds % 60);
    const bucket = RateLimit.bucketOf("token", "ip", ip);
    expect(bucket).not.toContain(ip);
    const item = (await counters.get({ bucket, window }).go({ consistent: true })).data;
    expect(item).toMatchObject({ count: 2, expiresAt: window + 60 });
  });

  it("does nothing when limits are off, or without keys", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_LOGIN", "1/60");
    const now = new Date();
    for (let i = 0; i < 3; i++) await RateLimit.hit("login", {}, now);
    vi.stubEnv("BOURSE_RATE_LIMITS", "off");
    const ip = key();
    for (let i = 0; i < 3; i++) await RateLimit.hit("login", { ip }, now);
    vi.stubEnv("BOURSE_RATE_LIMITS", "");
    await RateLimit.hit("login", { ip }, now);
    await expect(RateLimit.hit("login", { ip }, now)).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("holds the limit under concurrent hits (atomic counters)", async () => {
    vi.stubEnv("BOURSE_RATE_LIMIT_LOGIN", "5/60");
    const ip = key();
    const now = new Date();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => RateLimit.hit("login", { ip }, now)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
  });
});
