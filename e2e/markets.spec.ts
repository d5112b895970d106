import { type Browser, expect, type Page, test } from "@playwright/test";

/**
 * The markets journey against `pnpm dev --fresh --prod`: a guest makes a watchlist through the ticker
 * typeahead; an administrator runs the News cron from the status page; the guest's dashboard then shows
 * scored headlines and the week's chart; the guest signs up and keeps the watchlist.
 */

const ADMIN = { email: "admin@demo.bourse.test", password: "bourse demo 2026" };
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
// Tickers with recorded news that no demo watchlist holds, so only the run the admin starts brings them news.
const TICKERS = ["UBER", "DIS"];

async function pickTicker(page: Page, symbol: string) {
  const combobox = page.getByRole("combobox", { name: "Add a ticker" });
  await combobox.fill(symbol.toLowerCase());
  const option = page.getByRole("listbox").getByRole("option").first();
  await expect(option).toContainText(symbol);
  await option.click();
  await expect(page.getByTestId("ticker-chips")).toContainText(symbol);
}

async function runNewsCron(browser: Browser, baseURL: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const login = await page.request.post("/api/auth/login", { data: ADMIN, headers: { origin: baseURL } });
  expect(login.status()).toBe(200);
  await page.goto("/status");
  await page.getByTestId("run-cron-News").click();
  await expect(page.getByTestId("crons")).toContainText("started");
  await context.close();
}

test("a guest's watchlist gets scored news once an admin runs the cron, and survives sign-up", async ({
  page,
  browser,
  baseURL,
}) => {
  const name = `Rides and parks ${unique()}`;
  await page.goto("/markets");
  await page.getByLabel("Name").fill(name);
  for (const symbol of TICKERS) await pickTicker(page, symbol);
  await page.getByRole("button", { name: "Create watchlist" }).click();
  const list = page.getByRole("region", { name });
  await expect(list.getByTestId("watchlist")).toContainText("UBER");
  const dashboard = list.getByRole("link", { name: "Dashboard" });
  const href = await dashboard.getAttribute("href");
  expect(href).toMatch(/^\/markets\/[0-9A-Z]{26}$/);
  await dashboard.click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByTestId("last-ingested")).toContainText(/next run is due|first run is due/);

  await runNewsCron(browser, baseURL!);

  // The run, then the scorer: the dashboard shows both tickers' scored headlines and their week's charts.
  const uber = page.getByTestId("ticker-UBER");
  await expect(async () => {
    await page.reload();
    for (const symbol of TICKERS) {
      const ticker = page.getByTestId(`ticker-${symbol}`);
      await expect(ticker.getByTestId("headline").first()).toBeVisible({ timeout: 3000 });
      // A line needs two hours with news: the week's recorded headlines give several.
      await expect(ticker.getByTestId("sentiment-chart").locator(".recharts-line-curve")).toBeVisible({
        timeout: 3000,
      });
    }
  }).toPass({ timeout: 90_000, intervals: [2000, 5000] });
  await expect(uber.getByTestId("sentiment-label").first()).toHaveText(
    /^(bullish|bearish|neutral) [+-]?\d\.\d\d$/,
  );
  const link = uber.getByTestId("headline").first().getByRole("link");
  await expect(link).toHaveAttribute("href", /^https:\/\//);
  await expect(link).toHaveAttribute("rel", /noopener/);
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(page.getByTestId("last-ingested")).toContainText("News last gathered at");

  // Sign up: the guest becomes a member and keeps the list and its dashboard.
  const id = unique();
  await page.goto("/signup");
  const form = page.getByRole("form", { name: "Sign up" });
  await form.getByLabel("Email").fill(`trader-${id}@example.com`);
  await form.getByLabel("Handle").fill(`trader_${id}`);
  await form.getByLabel("Display name").fill("Trader E2E");
  await form.getByLabel("Password").fill("correct horse battery staple");
  await form.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("nav-handle")).toHaveText(`@trader_${id}`);
  await page.goto("/markets");
  await expect(page.getByRole("region", { name }).getByTestId("watchlist")).toContainText("DIS");
  await page.goto(href!);
  await expect(page.getByTestId("ticker-UBER").getByTestId("headline").first()).toBeVisible();
});
