import { expect, test } from "@playwright/test";

/**
 * The resilience journey against `pnpm dev --fresh --prod`: an administrator flips Finnhub to error on the
 * status page and runs the News cron until Finnhub's breaker opens (5 failures; the demo watches 7
 * tickers, one Finnhub call each) and health says degraded; turns the switch off, and once the cool-down
 * is over the next run's probe half-opens the breaker and closes it, all seen on the page.
 */

/** The local demo's administrator (stacks/local/demo/admin.ts; the README's demo password). */
const ADMIN = { email: "admin@demo.bourse.test", password: "bourse demo 2026" };
/** The breaker's cool-down (packages/core/src/resilience/breaker.ts, COOL_DOWN_MS). */
const COOL_DOWN_MS = 30_000;

test("an admin flips Finnhub to error, watches its breaker open, turns it off and watches it close", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const login = await page.request.post("/api/auth/login", { data: ADMIN, headers: { origin: baseURL! } });
  expect(login.status()).toBe(200);
  await page.goto("/status");
  const breaker = page.getByTestId("breaker-finnhub");
  const state = page.getByTestId("breaker-state-finnhub");
  const runNews = page.getByTestId("run-cron-News");
  await expect(state).toHaveText("closed");

  await page.getByTestId("chaos-finnhub-error").click();
  await expect(page.getByTestId("chaos-finnhub")).toHaveAttribute("data-mode", "error");
  await expect(page.getByTestId("chaos-finnhub")).toContainText("error, 10 min left");
  // The platform applies the switch to its Finnhub server within a second; a run started before that
  // fails less than 5 times, so the next one finishes the count.
  await expect(async () => {
    await runNews.click();
    await expect(state).toHaveText("open", { timeout: 15_000 });
  }).toPass({ timeout: 120_000 });
  await expect(breaker).toHaveAttribute("data-state", "open");
  await expect(breaker).toContainText(/[5-9] consecutive failures/);
  await expect(breaker.getByRole("list", { name: "finnhub transitions" })).toContainText("closed → open");
  // An administrator's status page reads the breakers as stored (`?live=true`), not through the cache.
  await expect(page.getByTestId("health-status")).toHaveText("degraded", { timeout: 20_000 });

  await page.getByTestId("chaos-finnhub-off").click();
  await expect(page.getByTestId("chaos-finnhub")).toHaveAttribute("data-mode", "off");
  // Open until the cool-down (COOL_DOWN_MS from its opening) is over:
  // runs before then find it open and call nobody; the first run after it probes, and closes it.
  await expect(async () => {
    await runNews.click();
    await expect(state).toHaveText("closed", { timeout: 15_000 });
  }).toPass({ timeout: 120_000 + COOL_DOWN_MS, intervals: [5_000] });
  const timeline = breaker.getByRole("list", { name: "finnhub transitions" });
  await expect(timeline).toContainText("open → half_open");
  await expect(timeline).toContainText("half_open → closed");
  await expect(breaker).toContainText("0 consecutive failures");
  await expect(page.getByTestId("health-status")).toHaveText("ok", { timeout: 20_000 });
});
