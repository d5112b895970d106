import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { Resource } from "sst";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { Actor } from "../actor";
import {
  ConflictError,
  ForbiddenError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from "../error";
import { client as s3 } from "../storage";
import { Upload } from ".";

const asUser = <R>(userID: string, run: () => R): R =>
  Actor.provide({ type: "user", properties: { userID, sessionID: "s" } }, run);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A file of `size` bytes starting with `magic`. */
const file = (size: number, magic: number[] = PNG) => {
  const bytes = new Uint8Array(size);
  bytes.set(magic.slice(0, size));
  return bytes;
};

/** What the browser does with the answer of `create`: a multipart form, fields first, the file last. */
async function send(post: Upload.Presigned, bytes: Uint8Array, override: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...post.fields, ...override })) form.append(name, value);
  form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>]), "image");
  const response = await fetch(post.url, { method: "POST", body: form });
  return { status: response.status, body: await response.text() };
}

const exists = (key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: Resource.Media.name, Key: key })).then(
    () => true,
    () => false,
  );

/** The reason a ValidationError about the key carries. */
async function reasonOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return ((error as ValidationError).details as { reason?: string }[])[0]?.reason;
}

describe("Upload (on the local platform)", () => {
  it("presigns a POST for the caller's key, which the storage accepts and the caller claims once", async () => {
    const userID = ulid();
    const started = Date.now();
    const post = await asUser(userID, () =>
      Upload.create({ purpose: "post", contentType: "image/png", size: 1000 }),
    );
    expect(post.key).toMatch(new RegExp(`^uploads/${userID}/[0-9A-Z]{26}\\.png$`));
    expect(post.fields).toMatchObject({ key: post.key, "Content-Type": "image/png" });
    // Five minutes, as the storage will enforce it (whole seconds in the policy).
    expect(post.expiresAt).toBeGreaterThanOrEqual(started + 299_000);
    expect(post.expiresAt).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(await Upload.get(post.key)).toMatchObject({
      userID,
      purpose: "post",
      contentType: "image/png",
      status: "pending",
      maxSize: 1000,
    });

    expect((await send(post, file(1000))).status).toBe(204);
    const claimed = await asUser(userID, () => Upload.claim({ key: post.key, purpose: "post" }));
    expect(claimed).toEqual({ key: post.key, contentType: "image/png", size: 1000 });
    expect(await Upload.get(post.key)).toMatchObject({ status: "claimed", size: 1000 });

    const again = await asUser(userID, () => Upload.claim({ key: post.key, purpose: "post" })).catch(
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(ConflictError);
    expect(again).toMatchObject({ code: "upload_claimed", status: 409 });
  });

  it("the storage refuses what the policy does not allow: another type, more bytes than announced", async () => {
    const userID = ulid();
    const post = await asUser(userID, () =>
      Upload.create({ purpose: "post", contentType: "image/jpeg", size: 500 }),
    );
    const html = await send(post, file(100, [0xff, 0xd8, 0xff]), { "Content-Type": "text/html" });
    expect(html.status).toBe(403);
    expect(html.body).toContain("<Code>AccessDenied</Code>");
    const larger = await send(post, file(501, [0xff, 0xd8, 0xff]));
    expect(larger.status).toBe(400);
    expect(larger.body).toContain("<Code>EntityTooLarge</Code>");
    expect(await exists(post.key)).toBe(false);
  });

  it("needs a member and refuses input out of bounds", async () => {
    const input = { purpose: "post", contentType: "image/png", size: 10 } as const;
    await expect(Upload.create(input)).rejects.toBeInstanceOf(UnauthorizedError);
    const anonymous = { type: "anonymous", properties: { userID: ulid(), sessionID: "s" } } as const;
    await expect(Actor.provide(anonymous, () => Upload.create(input))).rejects.toBeInstanceOf(ForbiddenError);

    await asUser(ulid(), async () => {
      await expect(Upload.create({ ...input, size: 10 * 1024 * 1024 + 1 })).rejects.toBeInstanceOf(
        PayloadTooLargeError,
      );
      // Exactly 10 MB is allowed.
      await expect(Upload.create({ ...input, size: 10 * 1024 * 1024 })).resolves.toHaveProperty("key");
      expect(() => Upload.create({ ...input, contentType: "image/svg+xml" as "image/png" })).toThrow(
        ValidationError,
      );
      expect(() => Upload.create({ ...input, size: 0 })).toThrow(ValidationError);
      expect(() => Upload.create({ ...input, purpose: "banner" as "post" })).toThrow(ValidationError);
    });
  });

  it("refuses to claim a key the caller did not upload, without telling whose it is", async () => {
    const owner = ulid();
    const post = await asUser(owner, () =>
      Upload.create({ purpose: "post", contentType: "image/png", size: 100 }),
    );
    await send(post, file(100));

    const stranger = ulid();
    const theirs = await asUser(stranger, () => Upload.claim({ key: post.key, purpose: "post" })).catch(
      (e: unknown) => e,
    );
    const unknownKey = `uploads/${stranger}/${ulid()}.png`;
    const nobodys = await asUser(stranger, () => Upload.claim({ key: unknownKey, purpose: "post" })).catch(
      (e: unknown) => e,
    );
    expect(theirs).toBeInstanceOf(ForbiddenError);
    expect(nobodys).toBeInstanceOf(ForbiddenError);
    expect((theirs as Error).message).toBe((nobodys as Error).message);
    expect(() => asUser(stranger, () => Upload.claim({ key: "avatars/x.png", purpose: "post" }))).toThrow(
      ValidationError,
    );
    // Still the owner's to claim.
    await expect(
      asUser(owner, () => Upload.claim({ key: post.key, purpose: "post" })),
    ).resolves.toMatchObject({
      size: 100,
    });
  });

  it("refuses a claim before the upload, for another purpose, of a file that is not the image announced, or expired", async () => {
    const userID = ulid();
    const post = await asUser(userID, () =>
      Upload.create({ purpose: "avatar", contentType: "image/png", size: 200 }),
    );
    const claim = (purpose: Upload.Purpose = "avatar", now?: () => Date) =>
      asUser(userID, () => Upload.claim({ key: post.key, purpose }, now));

    expect(await reasonOf(claim())).toBe("upload_missing");
    // The right type and size, but HTML bytes.
    await send(post, new TextEncoder().encode("<html><script>alert(1)</script></html>"));
    expect(await reasonOf(claim())).toBe("upload_not_image");
    expect(await reasonOf(claim("post"))).toBe("upload_purpose");

    // The form is still valid: sending the real image fixes it, unless the upload expired meanwhile.
    expect((await send(post, file(200))).status).toBe(204);
    const dayAfter = () => new Date(Date.now() + 25 * 3600_000);
    expect(await reasonOf(claim("avatar", dayAfter))).toBe("upload_expired");
    await expect(claim()).resolves.toEqual({ key: post.key, contentType: "image/png", size: 200 });
  });

  it("recognises each accepted image type by its first bytes", () => {
    expect(Upload.sniff(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(Upload.sniff(new Uint8Array(PNG))).toBe("image/png");
    expect(Upload.sniff(new TextEncoder().encode("GIF89a..."))).toBe("image/gif");
    expect(Upload.sniff(new TextEncoder().encode("GIF87a..."))).toBe("image/gif");
    expect(Upload.sniff(new TextEncoder().encode("RIFF\x10\x00\x00\x00WEBPVP8 "))).toBe("image/webp");
    expect(Upload.sniff(new TextEncoder().encode("RIFF\x10\x00\x00\x00WAVEfmt "))).toBeUndefined();
    expect(Upload.sniff(new TextEncoder().encode("<svg xmlns="))).toBeUndefined();
    expect(Upload.sniff(new Uint8Array())).toBeUndefined();
  });

  it("serves an upload by a presigned GET that stays the same within its window, and removes it idempotently", async () => {
    const userID = ulid();
    const post = await asUser(userID, () =>
      Upload.create({ purpose: "post", contentType: "image/gif", size: 50 }),
    );
    const gif = file(50, [...new TextEncoder().encode("GIF89a")]);
    await send(post, gif);

    const at = (iso: string) => () => new Date(iso);
    const url = await Upload.url(post.key, at("2030-01-01T10:01:00Z"));
    expect(await Upload.url(post.key, at("2030-01-01T10:29:59Z"))).toBe(url);
    expect(await Upload.url(post.key, at("2030-01-01T10:30:00Z"))).not.toBe(url);

    const now = await Upload.url(post.key);
    const served = await fetch(now);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/gif");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(gif);

    await Upload.removeObject(post.key);
    expect(await exists(post.key)).toBe(false);
    await expect(Upload.removeObject(post.key)).resolves.toBeUndefined();
    expect((await fetch(now)).status).toBe(404);
    await expect(Upload.url("elsewhere/x.png")).rejects.toBeInstanceOf(ValidationError);
  });
});
