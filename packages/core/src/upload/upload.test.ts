import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { Resource } from "sst";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import * as Actor from "../actor";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from "../error";
import { client as s3 } from "../storage";
import * as Upload from ".";

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
    // The policy's clock is the S3 client's, which each response's Date header corrects (whole seconds:
    // up to 1 s behind). Counted from this machine's clock, as by a client that has sent nothing yet (the
    // app project's files share one client: vitest.config.ts, isolate: false).
    s3.config.systemClockOffset = 0;
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
    expect(claimed).toEqual({
      key: expect.stringMatching(new RegExp(`^media/${userID}/[0-9A-Z]{26}\\.png$`)),
      contentType: "image/png",
      size: 1000,
    });
    expect(await Upload.get(post.key)).toMatchObject({
      status: "claimed",
      size: 1000,
      mediaKey: claimed.key,
    });

    const again = await asUser(userID, () => Upload.claim({ key: post.key, purpose: "post" })).catch(
      (e: unknown) => e,
    );
    expect(again).toBeInstanceOf(ConflictError);
    expect(again).toMatchObject({ code: "upload_claimed" });
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
    await expect(claim()).resolves.toMatchObject({ contentType: "image/png", size: 200 });
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

  it("a claim copies the image to a media key the still-valid form cannot reach: rewriting it changes nothing served", async () => {
    const userID = ulid();
    const post = await asUser(userID, () =>
      Upload.create({ purpose: "post", contentType: "image/gif", size: 50 }),
    );
    const gif = file(50, [...new TextEncoder().encode("GIF89a")]);
    expect((await send(post, gif)).status).toBe(204);
    const claimed = await asUser(userID, () => Upload.claim({ key: post.key, purpose: "post" }));
    expect(claimed.key).not.toBe(post.key);
    expect(await exists(post.key)).toBe(false);

    // Five minutes are not over: the form still writes its `uploads/` key, with other bytes of the same type.
    const html = new TextEncoder().encode("GIF89a<html><script>alert(document.cookie)</script></html>");
    expect((await send(post, html.slice(0, 50))).status).toBe(204);
    expect(await exists(post.key)).toBe(true);

    for (const asking of [
      () => Upload.open(claimed.key),
      () => asUser(ulid(), () => Upload.open(claimed.key)),
    ]) {
      const media = await asking();
      expect(media).toMatchObject({
        contentType: "image/gif",
        contentLength: 50,
        contentDisposition: "inline",
        cacheControl: "public, max-age=31536000, immutable",
      });
      expect(new Uint8Array(await new Response(media.body).arrayBuffer())).toEqual(gif);
    }
    // The object itself carries the headers, for a CDN serving the bucket directly.
    const head = await s3.send(new HeadObjectCommand({ Bucket: Resource.Media.name, Key: claimed.key }));
    expect(head).toMatchObject({
      ContentType: "image/gif",
      ContentDisposition: "inline",
      CacheControl: "public, max-age=31536000, immutable",
    });
    // The rewritten original is served to nobody, its owner included, and cannot be claimed again.
    await expect(asUser(userID, () => Upload.open(post.key))).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      asUser(userID, () => Upload.claim({ key: post.key, purpose: "post" })),
    ).rejects.toMatchObject({
      code: "upload_claimed",
    });

    await Upload.removeObject(claimed.key);
    expect(await exists(claimed.key)).toBe(false);
    await expect(Upload.removeObject(claimed.key)).resolves.toBeUndefined();
    await expect(Upload.open(claimed.key)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a claim whose copy fails the checks leaves no media object behind", async () => {
    const userID = ulid();
    const post = await asUser(userID, () =>
      Upload.create({ purpose: "post", contentType: "image/png", size: 40 }),
    );
    await send(post, new TextEncoder().encode("<svg onload=alert(1)>"));
    expect(await reasonOf(asUser(userID, () => Upload.claim({ key: post.key, purpose: "post" })))).toBe(
      "upload_not_image",
    );
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: Resource.Media.name, Prefix: `media/${userID}/` }),
    );
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  it("a pending upload is shown to its owner only, uncached; anything else is no such image", async () => {
    const owner = ulid();
    const post = await asUser(owner, () =>
      Upload.create({ purpose: "avatar", contentType: "image/png", size: 30 }),
    );
    await send(post, file(30));

    const preview = await asUser(owner, () => Upload.open(post.key));
    expect(preview).toMatchObject({ contentType: "image/png", cacheControl: "private, no-store" });
    expect(new Uint8Array(await new Response(preview.body).arrayBuffer())).toEqual(file(30));

    const anonymous = { type: "anonymous", properties: { userID: owner, sessionID: "s" } } as const;
    for (const asking of [
      () => Upload.open(post.key),
      () => asUser(ulid(), () => Upload.open(post.key)),
      () => Actor.provide(anonymous, () => Upload.open(post.key)),
      () => asUser(owner, () => Upload.open(`uploads/${owner}/${ulid()}.png`)),
      () => asUser(owner, () => Upload.open(`media/${owner}/${ulid()}.png`)),
      () => asUser(owner, () => Upload.open("inputs/prices.json")),
      () => asUser(owner, () => Upload.open(`uploads/${owner}/../../inputs/x.png`)),
    ])
      await expect(asking()).rejects.toBeInstanceOf(NotFoundError);
    expect(() => Upload.removeObject("inputs/prices.json")).toThrow(ValidationError);
  });
});
