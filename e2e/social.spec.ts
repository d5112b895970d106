import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";

/**
 * The social journey in two real browsers against `pnpm dev --fresh`: Ana posts an image through the
 * composer (presigned POST straight to the S3 emulator); Ben follows her, likes and comments; Ana sees the
 * notifications and the counts, which stream subscribers keep; the image shows on both sides.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const PASSWORD = "correct horse battery staple";

/** An 8×8 RGB PNG (a small gradient), written to a temp file for the file input. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAbUlEQVR42hXOUREAUQhCUaMYhShEMcqNQhSi7Fs/OQzjzLCDBg83MGToMLPsosXLLSxZug/ECgmLE4iI6oFZI2NzBhNTPzj20OHjDo4cvQf/7Bt41Rf+F+h7YsIGBYfLHyc0D8oWFZfrX05p+QDeqGABtJu0bQAAAABJRU5ErkJggg==",
  "base64",
);

function fixture(name: string, bytes: Buffer): string {
  const path = join(tmpdir(), `${unique()}-${name}`);
  writeFileSync(path, bytes);
  return path;
}

interface Person {
  email: string;
  handle: string;
  displayName: string;
}

function person(name: string): Person {
  const id = unique();
  return { email: `${name}-${id}@example.com`, handle: `${name}_${id}`, displayName: `${name} E2E` };
}

async function signedIn(browser: Browser, who: Person): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/signup");
  const form = page.getByRole("form", { name: "Sign up" });
  await form.getByLabel("Email").fill(who.email);
  await form.getByLabel("Handle").fill(who.handle);
  await form.getByLabel("Display name").fill(who.displayName);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("nav-handle")).toHaveText(`@${who.handle}`);
  return page;
}

/** The image actually decoded in this browser (not just an <img> whose source failed). */
async function expectLoaded(image: Locator) {
  await expect(image).toBeVisible();
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
    .toBe(8);
}

test("Ana posts an image; Ben follows, likes and comments; Ana sees notifications and counts", async ({
  browser,
}) => {
  // `pnpm dev` compiles each page and route on its first request: a first journey takes a while.
  test.setTimeout(240_000);
  const ana = person("ana");
  const ben = person("ben");
  const anaPage = await signedIn(browser, ana);
  const benPage = await signedIn(browser, ben);

  // Ana composes: a wrong file is refused before any upload, then the image is previewed and posted.
  await anaPage.goto("/social");
  const composer = anaPage.getByRole("form", { name: "New post" });
  await composer.getByLabel("Image").setInputFiles(fixture("notes.txt", Buffer.from("not an image")));
  await expect(composer.getByRole("alert")).toHaveText("Choose a JPEG, PNG, WebP or GIF image.");
  await composer.getByLabel("Image").setInputFiles(fixture("sunrise.png", PNG));
  await expect(composer.getByRole("alert")).toHaveCount(0);
  await expectLoaded(composer.getByTestId("composer-preview"));
  await composer.getByLabel("Caption").fill(`First light #sunrise, hello @${ben.handle}`);
  await composer.getByRole("button", { name: "Post" }).click();
  await expect(anaPage).toHaveURL(/\/p\/[0-9A-Z]{26}$/, { timeout: 60_000 });
  const postPath = new URL(anaPage.url()).pathname;
  await expectLoaded(anaPage.getByTestId("post-image"));
  const caption = anaPage.getByTestId("post-caption");
  await expect(caption).toContainText("First light #sunrise");
  await expect(caption.getByRole("link", { name: `@${ben.handle}` })).toHaveAttribute(
    "href",
    `/@${ben.handle}`,
  );

  // Ben opens Ana's profile at /@handle and follows her: the button flips at once.
  await benPage.goto(`/@${ana.handle}`);
  await expect(benPage.getByTestId("profile-name")).toHaveText(ana.displayName);
  await benPage.getByRole("button", { name: "Follow", exact: true }).click();
  await expect(benPage.getByRole("button", { name: "Unfollow", exact: true })).toBeVisible();
  await expect(benPage.getByTestId("followers-count")).toHaveText("1 follower");

  // He opens her post from the profile grid, sees the image, likes it and comments.
  await benPage.getByTestId("post-tile").first().click();
  await expect(benPage).toHaveURL(new RegExp(`${postPath}$`));
  await expectLoaded(benPage.getByTestId("post-image"));
  const like = benPage.getByRole("button", { name: "Like" });
  await expect(like).toHaveAttribute("aria-pressed", "false");
  await like.click();
  await expect(like).toHaveAttribute("aria-pressed", "true");
  await expect(benPage.getByTestId("likes-count")).toHaveText("1 like");
  const commentForm = benPage.getByRole("form", { name: "Add a comment" });
  await commentForm.getByLabel("Add a comment").fill("Lovely light!");
  await commentForm.getByRole("button", { name: "Comment" }).click();
  await expect(benPage.getByTestId("comment").filter({ hasText: "Lovely light!" })).toBeVisible();

  // Ben's home feed now holds Ana's post: the follow backfilled it (her own feed has it from fan-out).
  await expect(async () => {
    await benPage.goto("/feed");
    await expect(benPage.getByTestId("feed-post").first()).toContainText("First light", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expectLoaded(benPage.getByTestId("feed-post").first().locator("img.post-image"));

  // Ana: three unread notification groups (the badge polls; a reload asks at once), grouped by kind.
  const notifications = anaPage.getByTestId("notification");
  await expect(async () => {
    await anaPage.goto("/notifications");
    await expect(notifications).toHaveCount(3, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(anaPage.getByTestId("unread-badge")).toHaveText("3");
  await expect(notifications.filter({ hasText: `${ben.displayName} liked your post` })).toBeVisible();
  await expect(notifications.filter({ hasText: `${ben.displayName} commented on your post` })).toContainText(
    "Lovely light!",
  );
  await expect(notifications.filter({ hasText: `${ben.displayName} started following you` })).toBeVisible();
  await anaPage.getByRole("button", { name: "Mark all read" }).click();
  await expect(anaPage.getByRole("heading", { name: "All caught up" })).toBeVisible();
  await expect(anaPage.getByTestId("unread-badge")).toHaveCount(0);

  // The counters, kept by the stream subscriber, on her profile and her post.
  await anaPage.goto(`/@${ana.handle}`);
  await expect(anaPage.getByTestId("followers-count")).toHaveText("1 follower");
  await expect(anaPage.getByTestId("posts-count")).toHaveText("1 post");

  // Her picture: uploaded straight to storage from the profile editor, then shown on her profile.
  await anaPage.getByRole("button", { name: "Edit profile" }).click();
  await anaPage
    .getByRole("form", { name: "Edit profile" })
    .getByLabel("Picture")
    .setInputFiles(fixture("me.png", PNG));
  await expectLoaded(anaPage.getByRole("region", { name: "Profile" }).locator("img.avatar"));
  await notificationsLeadTo(anaPage, postPath);
  await expect(anaPage.getByTestId("likes-count")).toHaveText("1 like");
  await expect(anaPage.getByTestId("comments-count")).toHaveText("1");
  await expect(anaPage.getByTestId("comment").filter({ hasText: "Lovely light!" })).toBeVisible();
  await expectLoaded(anaPage.getByTestId("post-image"));

  // Ben is among her followers.
  await anaPage.goto(`/@${ana.handle}/followers`);
  await expect(anaPage.getByTestId("person").filter({ hasText: `@${ben.handle}` })).toBeVisible();
});

/** A notification about the post opens it. */
async function notificationsLeadTo(page: Page, postPath: string) {
  await page.goto("/notifications");
  await page.getByTestId("notification").filter({ hasText: "liked your post" }).click();
  await expect(page).toHaveURL(new RegExp(`${postPath}$`));
}
