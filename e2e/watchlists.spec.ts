import { expect, test } from "@playwright/test";

/** The local demo's administrator (stacks/local/demo/admin.ts; the README's demo password). */
const ADMIN = { email: "admin@demo.bourse.test", password: "bourse demo 2026" };

test("a guest makes a watchlist with the keyboard only, through the ticker combobox", async ({ page }) => {
  await page.goto("/markets");
  await expect(page.getByTestId("watchlist-limits")).toContainText("2 lists, 5 tickers each");
  await expect(page.getByTestId("watchlist-limits")).toContainText("You have 0 of 2");

  await page.getByLabel("Name").fill("Keyboard list");
  const combobox = page.getByRole("combobox", { name: "Add a ticker" });
  await combobox.focus();
  await page.keyboard.type("appl");
  await expect(combobox).toHaveAttribute("aria-expanded", "true");
  const listbox = page.getByRole("listbox");
  await expect(listbox.getByRole("option").first()).toBeVisible();
  // Down makes the first option active (announced through aria-activedescendant); Enter picks it.
  await page.keyboard.press("ArrowDown");
  const active = await combobox.getAttribute("aria-activedescendant");
  expect(active).toBeTruthy();
  const activeOption = page.locator(`[id="${active}"]`);
  await expect(activeOption).toHaveAttribute("aria-selected", "true");
  const picked = (await activeOption.locator(".mono").textContent())?.trim();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("ticker-chips")).toContainText(picked!);
  await expect(combobox).toHaveValue("");

  // Escape closes the list without picking.
  await page.keyboard.type("microsoft");
  await expect(combobox).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Escape");
  await expect(combobox).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Escape");
  await expect(combobox).toHaveValue("");

  await page.getByRole("button", { name: "Create watchlist" }).click();
  const card = page.getByTestId("watchlist");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(picked!);
  await expect(page.getByTestId("watchlist-limits")).toContainText("You have 1 of 2");
  await expect(card.getByRole("link", { name: "Dashboard" })).toHaveAttribute(
    "href",
    /^\/markets\/[0-9A-Z]{26}$/,
  );

  // The list is the guest's: the API answers the same after a reload.
  await page.reload();
  // Each list is a region named by its heading.
  await expect(page.getByRole("region", { name: "Keyboard list" }).getByTestId("watchlist")).toContainText(
    picked!,
  );
});

test("an administrator runs a cron now from the status page", async ({ page, baseURL }) => {
  const login = await page.request.post("/api/auth/login", { data: ADMIN, headers: { origin: baseURL! } });
  expect(login.status()).toBe(200);
  await page.goto("/status");
  const run = page.getByTestId("run-cron-MetricsSnapshot");
  await run.click();
  await expect(page.getByTestId("crons")).toContainText("started");
});
