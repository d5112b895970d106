import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, expect, type Page, request, test } from "@playwright/test";

/**
 * Real-time push in real browsers against `pnpm dev --fresh --prod`: Ben likes Ana's post and Ana's badge
 * changes without a reload; an order pushed with a partner key appears on the operator's open dashboard.
 * Each page's socket is watched: the change must come with a pushed frame, not with a poll.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const PASSWORD = "correct horse battery staple";
const ADMIN = { email: "admin@demo.bourse.test", password: "bourse demo 2026" };
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAbUlEQVR42hXOUREAUQhCUaMYhShEMcqNQhSi7Fs/OQzjzLCDBg83MGToMLPsosXLLSxZug/ECgmLE4iI6oFZI2NzBhNTPzj20OHjDo4cvQf/7Bt41Rf+F+h7YsIGBYfLHyc0D8oWFZfrX05p+QDeqGABtJu0bQAAAABJRU5ErkJggg==",
  "base64",
);

async function signedUp(browser: Browser, name: string) {
  const handle = `${name}_${unique()}`;
  const page = await (await browser.newContext()).newPage();
  await page.goto("/signup");
  const form = page.getByRole("form", { name: "Sign up" });
  await form.getByLabel("Email").fill(`${handle}@example.com`);
  await form.getByLabel("Handle").fill(handle);
  await form.getByLabel("Display name").fill(`${name} E2E`);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("nav-handle")).toHaveText(`@${handle}`);
  return { page, handle };
}

/** The frames the page's realtime socket receives, parsed; resolves once it has subscribed. */
async function pushed(page: Page, open: () => Promise<unknown>) {
  const frames: { type?: string; topics?: string[] }[] = [];
  const subscribed = new Promise<void>((done) => {
    page.on("websocket", (socket) =>
      socket.on("framereceived", ({ payload }) => {
        const frame = JSON.parse(String(payload));
        frames.push(frame);
        if (frame.type === "subscribed" && frame.topics.length) done();
      }),
    );
  });
  await open();
  await subscribed;
  return frames;
}

test("Ben likes Ana's post: Ana's badge changes without a reload, by a pushed message", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const ana = await signedUp(browser, "ana");
  const ben = await signedUp(browser, "ben");

  await ana.page.goto("/social");
  const composer = ana.page.getByRole("form", { name: "New post" });
  const image = join(tmpdir(), `${unique()}.png`);
  writeFileSync(image, PNG);
  await composer.getByLabel("Image").setInputFiles(image);
  await composer.getByLabel("Caption").fill("Real-time");
  await composer.getByRole("button", { name: "Post" }).click();
  await expect(ana.page).toHaveURL(/\/p\/[0-9A-Z]{26}$/, { timeout: 60_000 });
  const postPath = new URL(ana.page.url()).pathname;

  const frames = await pushed(ana.page, () => ana.page.goto("/social"));
  await expect(ana.page.getByTestId("unread-badge")).toHaveCount(0);

  await ben.page.goto(postPath);
  await ben.page.getByRole("button", { name: "Like" }).click();
  await expect(ben.page.getByTestId("likes-count")).toHaveText("1 like");

  // Polling would take up to 15 s; the push is here well before.
  await expect(ana.page.getByTestId("unread-badge")).toHaveText("1", { timeout: 10_000 });
  await expect.poll(() => frames.some((f) => f.type === "notification")).toBe(true);
});

test("an order pushed with a partner key appears on the operator's open dashboard", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const id = unique();
  const operator = await signedUp(page.context().browser()!, "op");
  const login = await page.request.post("/api/auth/login", { data: ADMIN, headers: { origin: baseURL! } });
  expect(login.status()).toBe(200);
  await page.goto("/partners");
  await page.getByLabel("Name").fill(`Realtime Brokerage ${id}`);
  await page.getByRole("button", { name: "Create partner" }).click();
  await expect(page).toHaveURL(/\/partners\/[0-9A-Z]{26}$/);
  const partnerID = new URL(page.url()).pathname.split("/").pop()!;
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-key").textContent()) ?? "";
  await page.getByLabel("Member's @handle").fill(operator.handle);
  await page.getByRole("button", { name: "Add operator" }).click();
  await expect(page.getByTestId("operator-row")).toContainText(`@${operator.handle}`);

  const frames = await pushed(operator.page, () => operator.page.goto(`/partners/${partnerID}`));
  const script = await request.newContext({ baseURL });
  const answer = await script.post(`/api/partners/${partnerID}/orders`, {
    headers: { "x-api-key": key },
    data: {
      orderId: `rt-${id}`,
      symbol: "MSFT",
      side: "buy",
      quantity: 10,
      type: "limit",
      price: "410.5",
      eventTime: new Date(Date.now() - 2000).toISOString(),
    },
  });
  expect(answer.status()).toBe(200);
  await expect(operator.page.getByTestId("order-row").first()).toContainText(`rt-${id}`);
  // Playwright may hand this test the frame after the page has drawn what it brought.
  await expect.poll(() => frames.some((f) => f.type === "order")).toBe(true);
  await script.dispose();
});
