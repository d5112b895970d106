import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { latestMailTo } from "./mailbox";

/**
 * Identity journeys in a real browser against `pnpm dev --fresh`: cookies are httpOnly, so everything here
 * goes through the pages (and, for setup only, the API like any HTTP client would).
 * Rate limits (packages/core/src/rate-limit): the app counts the address the platform's front sets
 * (cloudfront-viewer-address, from the socket; X-Forwarded-For is ignored), so the whole run shares this
 * machine's per-IP limits (e.g. sign-up 20 per 10 minutes) and these journeys stay well inside them. A
 * platform can relax them with BOURSE_RATE_LIMITS=off or BOURSE_RATE_LIMIT_<NAME>[_IP|_ACCOUNT]=count/seconds.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const PASSWORD = "correct horse battery staple";

async function signUp(page: Page, who: { email: string; handle: string; displayName?: string }) {
  await page.goto("/signup");
  const form = page.getByRole("form", { name: "Sign up" });
  await form.getByLabel("Email").fill(who.email);
  await form.getByLabel("Handle").fill(who.handle);
  if (who.displayName !== undefined) await form.getByLabel("Display name").fill(who.displayName);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-handle")).toHaveText(`@${who.handle}`);
}

/** The id of the guest identity the app made for this browser on its first visit. */
async function guestId(page: Page): Promise<string> {
  await expect(page.getByTestId("guest-banner")).toBeVisible();
  return (await page.getByTestId("account-id").textContent()) ?? "";
}

test("sign up, log out, log in again", async ({ page }) => {
  const id = unique();
  const who = { email: `e2e-${id}@example.com`, handle: `e2e_${id}`, displayName: "E2E Person" };
  await signUp(page, who);
  await expect(page.getByTestId("nav-handle")).toHaveText(`@${who.handle}`);
  await expect(page.getByTestId("guest-banner")).toHaveCount(0);
  await expect(page.getByTestId("session").filter({ hasText: "this device" })).toHaveCount(1);

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" }),
  ).toBeVisible();
  await expect(page.getByTestId("nav-handle")).toHaveCount(0);

  const form = page.getByRole("form", { name: "Log in with password" });
  await form.getByLabel("Email").fill(who.email);
  await form.getByLabel("Password").fill("not the password at all");
  await form.getByRole("button", { name: "Log in" }).click();
  await expect(form.getByRole("alert")).toContainText("Wrong email or password");

  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-handle")).toHaveText(`@${who.handle}`);
  await expect(page.getByTestId("nav-handle")).toHaveText(`@${who.handle}`);
});

test("sign-up shows the API's reasons: weak password, taken handle", async ({ page, request }) => {
  const id = unique();
  const taken = `taken_${id}`;
  const created = await request.post("/api/auth/signup", {
    data: { email: `taken-${id}@example.com`, password: PASSWORD, handle: taken, displayName: "Taken" },
  });
  expect(created.status()).toBe(201);

  await page.goto("/signup");
  const form = page.getByRole("form", { name: "Sign up" });
  await form.getByLabel("Email").fill(`weak-${id}@example.com`);
  await form.getByLabel("Handle").fill(`weak_${id}`);
  await form.getByLabel("Display name").fill("Weak");
  await form.getByLabel("Password").fill("password123");
  await form.getByRole("button", { name: "Sign up" }).click();
  await expect(form.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator("#field-password-error")).toContainText(/common/);

  await form.getByLabel("Handle").fill(taken);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Sign up" }).click();
  await expect(form.locator("#field-handle-error")).toContainText(/taken/);
  await expect(page).toHaveURL(/\/signup$/);
});

test("a guest's profile and id are kept when the guest signs up", async ({ page }) => {
  await page.goto("/account");
  const id = await guestId(page);
  expect(id).toMatch(/^[0-9A-Z]{26}$/);

  const bio = `Watching semis since ${unique()}`;
  const profile = page.getByRole("form", { name: "Profile" });
  await profile.getByLabel("Display name").fill("Guest Trader");
  await profile.getByLabel("Bio").fill(bio);
  await profile.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByTestId("profile-status")).toHaveText("Saved.");

  // Still the same guest after a reload (the cookies hold the identity).
  await page.reload();
  await expect(page.getByTestId("account-id")).toHaveText(id);
  await expect(page.getByRole("form", { name: "Profile" }).getByLabel("Bio")).toHaveValue(bio);

  await page
    .getByTestId("guest-banner")
    .getByRole("link", { name: /sign up/i })
    .click();
  await expect(page).toHaveURL(/\/signup$/);
  // The guest's display name is offered for the account.
  await expect(page.getByRole("form", { name: "Sign up" }).getByLabel("Display name")).toHaveValue(
    "Guest Trader",
  );
  const tag = unique();
  await signUp(page, { email: `guest-${tag}@example.com`, handle: `guest_${tag}` });

  await expect(page.getByTestId("account-id")).toHaveText(id);
  const kept = page.getByRole("form", { name: "Profile" });
  await expect(kept.getByLabel("Display name")).toHaveValue("Guest Trader");
  await expect(kept.getByLabel("Bio")).toHaveValue(bio);
  await expect(page.getByTestId("guest-banner")).toHaveCount(0);
});

/**
 * A member signed up through the API who asks for a sign-in link on /login; the link as it was mailed,
 * read where the mail went (the local SES server's mailbox): the product's outbox never shows it.
 */
async function mailedSignInLink(page: Page, request: APIRequestContext, name: string) {
  const id = unique();
  const email = `${name}-${id}@example.com`;
  const handle = `${name}_${id}`;
  const created = await request.post("/api/auth/signup", {
    data: { email, password: PASSWORD, handle, displayName: name },
  });
  expect(created.status()).toBe(201);

  await page.goto("/login");
  const form = page.getByRole("form", { name: "Email me a sign-in link" });
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByTestId("magic-link-status")).toContainText("on its way");

  const link = /https?:\/\/\S+/.exec((await latestMailTo(email, /sign-in link/)).text)?.[0];
  expect(link).toContain("/api/auth/magic-link/verify?token=");
  return { email, handle, link: link as string };
}

test("a magic link from the mail signs the member in", async ({ page, request }) => {
  const { handle, link } = await mailedSignInLink(page, request, "magic");
  await page.goto(link);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-handle")).toHaveText(`@${handle}`);

  // A link works once.
  await page.goto(link);
  await expect(page).toHaveURL(/\/login\?error=invalid_link$/);
  await expect(page.getByTestId("link-error")).toBeVisible();
});

test("a forgotten password: sign in by mailed link, then set a new one without the current one", async ({
  page,
  request,
}) => {
  const { email, link } = await mailedSignInLink(page, request, "reset");
  await page.goto(link);
  await expect(page).toHaveURL(/\/account$/);

  const form = page.getByRole("form", { name: "Change password" });
  await expect(page.getByRole("heading", { name: "Set a new password" })).toBeVisible();
  await expect(form.getByLabel("Current password")).toHaveCount(0);
  await form.getByLabel("New password").fill("a much better passphrase 42");
  await form.getByRole("button", { name: "Set new password" }).click();
  await expect(form.getByRole("status")).toContainText("Password changed");

  // `request` holds the sign-up's cookies, so it must send this site's Origin as a browser would.
  const headers = { origin: new URL(page.url()).origin };
  const fresh = await request.post("/api/auth/login", {
    data: { email, password: "a much better passphrase 42" },
    headers,
  });
  expect(fresh.status()).toBe(200);
  const old = await request.post("/api/auth/login", { data: { email, password: PASSWORD }, headers });
  expect(old.status()).toBe(401);
});
