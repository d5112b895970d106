import { expect, request, test } from "@playwright/test";

/**
 * The partner order feed journey against `pnpm dev --fresh --prod`: an administrator creates a partner, a
 * key (shown once) and rules, and links a member as its operator; a script pushes orders with the key; the
 * operator's dashboard shows them in the live table, the refusals with their reasons, and the chart moving.
 */

/** The local demo's administrator (stacks/local/demo/admin.ts; the README's demo password). */
const ADMIN = { email: "admin@demo.bourse.test", password: "bourse demo 2026" };

test("an admin sets up a partner, a script pushes orders, the operator's dashboard follows", async ({
  page,
  browser,
  baseURL,
}) => {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  // The operator-to-be signs up in a browser of their own.
  const operator = await (await browser.newContext()).newPage();
  await operator.goto("/signup");
  const form = operator.getByRole("form", { name: "Sign up" });
  await form.getByLabel("Email").fill(`operator-${id}@example.com`);
  await form.getByLabel("Handle").fill(`op_${id}`);
  await form.getByLabel("Display name").fill("Operator E2E");
  await form.getByLabel("Password").fill("correct horse battery staple");
  await form.getByRole("button", { name: "Sign up" }).click();
  await expect(operator.getByTestId("nav-handle")).toHaveText(`@op_${id}`);

  const login = await page.request.post("/api/auth/login", { data: ADMIN, headers: { origin: baseURL! } });
  expect(login.status()).toBe(200);
  await page.goto("/partners");
  await page.getByLabel("Name").fill(`E2E Brokerage ${id}`);
  await page.getByRole("button", { name: "Create partner" }).click();
  // Created, the partner's page opens: its keys, rules and operators are set there.
  await expect(page.getByTestId("partner-admin")).toBeVisible();
  await expect(page).toHaveURL(/\/partners\/[0-9A-Z]{26}$/);
  const partnerID = new URL(page.url()).pathname.split("/").pop()!;

  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-key").textContent()) ?? "";
  expect(key).toMatch(/^bk_[a-z2-9]{8}_/);
  await expect(page.getByTestId("key-row")).toHaveCount(1);
  await page.getByLabel("Maximum quantity").fill("500");
  await page.getByRole("button", { name: "Save rules" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.getByLabel("Member's @handle").fill(`op_${id}`);
  await page.getByRole("button", { name: "Add operator" }).click();
  await expect(page.getByTestId("operator-row")).toContainText(`@op_${id}`);

  // A partner's script: no browser, no cookie, only the key.
  const script = await request.newContext({ baseURL });
  const push = async (from: number, n: number, tooLarge: number[]) => {
    const eventTime = new Date(Date.now() - 2000).toISOString();
    const events = Array.from({ length: n }, (_, i) => ({
      orderId: `e2e-${from + i}`,
      symbol: "MSFT",
      side: "buy",
      quantity: tooLarge.includes(from + i) ? 9000 : 10,
      type: "limit",
      price: "410.5",
      eventTime,
    }));
    const answer = await script.post(`/api/partners/${partnerID}/orders`, {
      headers: { "x-api-key": key },
      data: { events },
    });
    expect(answer.status()).toBe(200);
    return (await answer.json()).results as { status: string; sequence?: number }[];
  };
  const first = await push(1, 10, [3]);
  expect(first.filter((r) => r.status === "accepted").map((r) => r.sequence)).toEqual([
    1, 2, 3, 4, 5, 6, 7, 8, 9,
  ]);
  expect((await script.post(`/api/partners/${partnerID}/orders`, { data: {} })).status()).toBe(401);

  // The operator's dashboard.
  await operator.goto("/partners");
  await operator.getByRole("link", { name: `E2E Brokerage ${id}` }).click();
  await expect(operator.getByTestId("order-row")).toHaveCount(9);
  await expect(operator.getByTestId("order-row").first()).toContainText("e2e-10");
  await expect(operator.getByTestId("error-row")).toContainText("quantity_too_large");
  await expect(operator.getByTestId("error-row")).toContainText("e2e-3");
  await expect(operator.getByTestId("chart-total")).toHaveText("10 events in the window", {
    timeout: 30_000,
  });
  await expect(operator.getByTestId("order-charts").locator("svg").first()).toBeVisible();
  await expect(operator.getByTestId("alarm-state")).toHaveAttribute("data-state", /ok|firing/);
  await expect(operator.getByTestId("partner-admin")).toHaveCount(0);

  // More flow: the table and the chart move by themselves.
  await push(11, 10, []);
  await expect(operator.getByTestId("order-row").first()).toContainText("e2e-20");
  await expect(operator.getByTestId("chart-total")).toHaveText("20 events in the window", {
    timeout: 30_000,
  });
  await script.dispose();
});
