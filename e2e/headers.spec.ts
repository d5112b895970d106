import { type APIResponse, expect, test } from "@playwright/test";

/**
 * The security headers, as a browser gets them from the production build: on a page, on an API answer and
 * on a JSON 404 alike; a fresh CSP nonce per response on every script of the page; and no CSP violation
 * while the app's pages load and run.
 */

function expectSecurityHeaders(response: APIResponse | { headers(): Record<string, string> }) {
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/(^|; )script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'(;|$)/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toMatch(/camera=\(\)/);
  // The journeys' public URL is http://localhost: no HSTS there (security-headers.test.ts covers https).
  expect(headers["strict-transport-security"]).toBeUndefined();
  return csp;
}

const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];

test("a page carries every security header, and each of its scripts the response's nonce", async ({
  request,
}) => {
  const first = await request.get("/");
  expect(first.status()).toBe(200);
  const nonce = nonceOf(expectSecurityHeaders(first));
  const html = await first.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  const second = await request.get("/");
  expect(nonceOf(expectSecurityHeaders(second))).not.toBe(nonce);
});

test("API answers carry every security header: JSON, a JSON 404, a malformed path", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expectSecurityHeaders(health);

  const missing = await request.get("/api/no/such/route");
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe("not_found");
  expectSecurityHeaders(missing);

  const malformed = await request.get("/api/posts/%zz/comments");
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error).toEqual({
    code: "malformed_url",
    message: expect.any(String),
  });
  expectSecurityHeaders(malformed);
});

test("the app's pages run under the CSP: no violation, no blocked script or style", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/content security policy|refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Refused to load: CSP ${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  for (const path of ["/", "/signup", "/login", "/social", "/feed", "/docs", "/status"]) {
    // `load`: every script and style of the page was fetched (or refused) by then.
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(400);
    expectSecurityHeaders(response!);
  }
  // Hydrated: the client ran (the home page's health check is a client query).
  await page.goto("/");
  await expect(page.getByTestId("health-status")).toHaveText("ok");
  expect(violations).toEqual([]);
});
