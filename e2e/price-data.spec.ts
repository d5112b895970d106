import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { latestMailTo } from "./mailbox";

/**
 * The price-data journey against `pnpm dev --fresh --prod`: a member uploads the page's sample CSV (presigned
 * POST straight to the S3 emulator), watches the run reach `done` (ingested by the S3 notification,
 * analysed by the stream subscriber), opens it: the chart, the metrics, the refused rows with their reasons;
 * and finds the report the notifier mailed, read from the local SES.
 */

const SAMPLE = fileURLToPath(new URL("../packages/web/public/price-data-sample.csv", import.meta.url));

test("a member uploads a price file, watches its run finish, reads chart and rejects, and gets the report", async ({
  page,
}) => {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `prices-${id}@example.com`;
  await page.goto("/signup");
  const form = page.getByRole("form", { name: "Sign up" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Handle").fill(`prices_${id}`);
  await form.getByLabel("Display name").fill("Prices E2E");
  await form.getByLabel("Password").fill("correct horse battery staple");
  await form.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("nav-handle")).toHaveText(`@prices_${id}`);

  await page.goto("/price-data");
  await expect(page.getByRole("link", { name: "Download a sample file" })).toHaveAttribute(
    "href",
    "/price-data-sample.csv",
  );
  await page.getByLabel("Price file").setInputFiles(SAMPLE);
  await expect(page.getByRole("status").filter({ hasText: "price-data-sample.csv uploaded" })).toBeVisible();

  // The list refreshes by itself until the run has settled.
  const row = page.getByTestId("price-run-row").filter({ hasText: "price-data-sample.csv" });
  await expect(row.getByTestId("run-status")).toHaveText("done", { timeout: 60_000 });
  await row.getByRole("link", { name: "price-data-sample.csv" }).click();

  await expect(page.getByRole("heading", { name: "price-data-sample.csv" })).toBeVisible();
  await expect(page.getByTestId("run-counts")).toHaveText("82 rows: 80 valid, 2 rejected");
  await expect(page.getByTestId("price-chart").locator("canvas").first()).toBeVisible();
  await expect(page.getByRole("tab", { name: "AAPL" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("metrics-table")).toContainText("AAPL");
  const rejects = page.getByTestId("rejects-table");
  await expect(rejects.getByRole("row").filter({ hasText: "negative_volume" })).toContainText("2017-09-05");
  await expect(rejects.getByRole("row").filter({ hasText: "bad_date" })).toContainText("2017-09-31");
  await expect(page.getByTestId("summary-source")).toContainText("Written from the numbers");
  const correlationId = (await page.getByTestId("correlation-id").textContent()) ?? "";
  expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);

  const mail = await latestMailTo(email, /Price data report: price-data-sample\.csv/);
  const runID = new URL(page.url()).pathname.split("/").pop();
  expect(mail.text).toContain(`/price-data/${runID}`);
  expect(mail.text).toContain(correlationId);
  expect(mail.text).toContain("AAPL: close");
});
