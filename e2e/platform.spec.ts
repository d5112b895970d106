import { expect, test } from "@playwright/test";

test("the app opens with health green", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("health-status")).toHaveText("ok");
});

test("the mail outbox lists a message sent by a test, delivered through SES", async ({ page, request }) => {
  const subject = `E2E ${Date.now().toString(36)}`;
  const sent = await request.post("/api/outbox", {
    data: { to: "e2e@example.com", subject, text: "Sent by the Playwright journey." },
  });
  expect(sent.status()).toBe(202);

  await page.goto("/outbox");
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
