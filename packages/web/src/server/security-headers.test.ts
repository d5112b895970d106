import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  newNonce,
  servedOverHttps,
  staticHeaders,
  storageOrigins,
} from "./security-headers";

const directives = (csp: string) =>
  Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("security headers", () => {
  const base = { nonce: "bm9uY2U=", dev: false, https: false, storage: ["http://127.0.0.1:4569"] };

  it("give scripts only to the nonce in production, with framing, plugins and <base> shut", () => {
    const csp = directives(contentSecurityPolicy(base));
    expect(csp["script-src"]).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
    expect(csp["style-src"]).toEqual(["'self'", "'nonce-bm9uY2U='"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'self'"]);
    expect(csp["img-src"]).toEqual(["'self'", "data:", "blob:"]);
    expect(csp["connect-src"]).toEqual(["'self'", "http://127.0.0.1:4569"]);
    expect(csp["upgrade-insecure-requests"]).toBeUndefined();
    expect(JSON.stringify(csp)).not.toContain("unsafe-eval");
  });

  it("allow eval only under next dev", () => {
    expect(directives(contentSecurityPolicy({ ...base, dev: true }))["script-src"]).toContain(
      "'unsafe-eval'",
    );
  });

  it("send HSTS and upgrade requests only when the public URL is https", () => {
    expect(servedOverHttps("https://bourse.example.com")).toBe(true);
    expect(servedOverHttps("http://localhost:3000")).toBe(false);
    expect(servedOverHttps(undefined)).toBe(false);
    expect(servedOverHttps("not a url")).toBe(false);
    expect(staticHeaders({ https: true })["strict-transport-security"]).toMatch(/^max-age=\d{8,}/);
    expect(staticHeaders({ https: false })["strict-transport-security"]).toBeUndefined();
    expect(directives(contentSecurityPolicy({ ...base, https: true }))["upgrade-insecure-requests"]).toEqual(
      [],
    );
  });

  it("always send nosniff, the referrer policy and a permissions policy", () => {
    const headers = staticHeaders({ https: false });
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
  });

  it("name the media bucket as the SDK addresses it in presigned URLs", () => {
    expect(storageOrigins({ AWS_REGION: "eu-west-3" }, "media")).toEqual([
      "https://media.s3.eu-west-3.amazonaws.com",
    ]);
    expect(storageOrigins({ AWS_ENDPOINT_URL_S3: "http://127.0.0.1:4569" }, "media")).toEqual([
      "http://127.0.0.1:4569",
    ]);
    expect(storageOrigins({ AWS_ENDPOINT_URL_S3: "http://localhost:4569" }, "media")).toEqual([
      "http://localhost:4569",
      "http://media.localhost:4569",
    ]);
    expect(storageOrigins({}, undefined)).toEqual([]);
  });

  it("make a new 128-bit nonce each time", () => {
    const [a, b] = [newNonce(), newNonce()];
    expect(a).not.toBe(b);
    expect(Buffer.from(a, "base64")).toHaveLength(16);
  });
});
