import { expect, test } from "@playwright/test";

test("the app opens with health green", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("health-status")).toHaveText("ok");
});

/** The local demo's administrator (stacks/local/demo/admin.ts; the README's demo password). */
const ADMIN = { email: "admin@demo.bourse.test", password: "bourse demo 2026" };

test("the mail outbox is for administrators only", async ({ page, baseURL }) => {
  // Nobody: the API refuses without credentials.
  expect((await page.request.get("/api/outbox")).status()).toBe(401);
  const sample = { to: "e2e@example.com", subject: "Not allowed", text: "x" };
  expect((await page.request.post("/api/outbox", { data: sample })).status()).toBe(401);

  // A visitor (the guest identity the app gives this browser): refused, and the page says so.
  await page.goto("/outbox");
  await expect(page.getByTestId("admin-only")).toContainText("Administrators only");
  await expect(page.getByTestId("outbox-row")).toHaveCount(0);
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mail outbox" }),
  ).toHaveCount(0);
  expect((await page.request.get("/api/outbox")).status()).toBe(403);
  const guestSend = await page.request.post("/api/outbox", { data: sample, headers: { origin: baseURL! } });
  expect(guestSend.status()).toBe(403);
});

test("an administrator reads the outbox: a message sent by a test, delivered through SES", async ({
  page,
  baseURL,
}) => {
  const login = await page.request.post("/api/auth/login", { data: ADMIN, headers: { origin: baseURL! } });
  expect(login.status()).toBe(200);
  expect((await login.json()).user.role).toBe("admin");

  const subject = `E2E ${Date.now().toString(36)}`;
  const sent = await page.request.post("/api/outbox", {
    data: { to: "e2e@example.com", subject, text: "Sent by the Playwright journey." },
    headers: { origin: baseURL! },
  });
  expect(sent.status()).toBe(202);

  await page.goto("/outbox");
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mail outbox" }),
  ).toBeVisible();
  const row = page.getByTestId("outbox-row").filter({ hasText: subject });
  await expect(row).toBeVisible();
  // The Mailer stream subscriber hands it to the (local) SES API and marks it sent.
  await expect(row).toContainText("sent");
  await row.click();
  await expect(page.getByText("Sent by the Playwright journey.")).toBeVisible();
});

test("an unknown API route and a malformed body get JSON errors, not a 500", async ({ request }) => {
  const unknown = await request.get("/api/no-such-route");
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.code).toBe("not_found");

  const malformed = await request.post("/api/outbox", {
    headers: { "content-type": "application/json" },
    // A Buffer is sent as is; a string would be JSON-encoded into valid JSON.
    data: Buffer.from("{not json"),
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe("invalid_json");
});
