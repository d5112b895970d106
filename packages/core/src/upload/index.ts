export * as Upload from "./index";

import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
} from "@aws-sdk/client-s3";
import type { EntityItem } from "electrodb";
import { Resource } from "sst";
import { ulid } from "ulid";
import * as z from "zod";
import * as Actor from "../actor";
import { isConditionalFailure, ttl } from "../dynamo";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from "../error";
import { presignPost, client as s3 } from "../storage";
import { type Clock, systemClock } from "../util/clock";
import { fn } from "../util/fn";
import { uploads } from "./entities";
import { ContentType, MAX_BYTES } from "./limits";

/**
 * Images go from the browser straight to the media bucket with a presigned POST whose policy S3 itself
 * enforces (exact key and type, size, 5 minutes). An `upload` item records who may use the key; a post or
 * avatar then `claim`s it once: the object is copied to a `media/` key, which no presigned form can ever
 * write (forms are only signed for `uploads/` keys), and that copy is checked (type, size, first bytes) and
 * is all that is ever served. The `uploads/` original is deleted; unclaimed uploads expire with their item
 * (TTL) and the UploadSweeper deletes their objects (on AWS a lifecycle rule also expires `uploads/`).
 */

export { ContentType, MAX_BYTES } from "./limits";
/** How long a presigned POST may be used. */
export const POST_SECONDS = 300;
/** How long an unclaimed upload is kept for a post or avatar to claim it. */
export const KEEP_DAYS = 1;
/** Where forms may write: the only prefix `create` ever presigns. */
export const UPLOAD_PREFIX = "uploads/";
/** Where claimed images live; nothing but `claim` writes here. */
export const MEDIA_PREFIX = "media/";
/**
 * Stored on every claimed object, so whoever serves it (the web app locally, CloudFront from the bucket on
 * AWS) sends it as an image to display, never as something to sniff or download. A claimed key is never
 * written again (a new image gets a new key), so caches may keep it for good.
 */
export const MEDIA_HEADERS = {
  contentDisposition: "inline",
  cacheControl: "public, max-age=31536000, immutable",
} as const;

const EXTENSIONS = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
} as const;

export const Purpose = z.enum(["post", "avatar"]);
export type Purpose = z.infer<typeof Purpose>;

/** `uploads/<userID>/<ulid>.<ext>`: the owner is in the key, so the bucket can be cleaned per user. */
export const Key = z
  .string()
  .max(200)
  .regex(/^uploads\/[0-9A-Za-z]{1,64}\/[0-9A-HJKMNP-TV-Z]{26}\.(?:jpg|png|webp|gif)$/, "not an upload key");

export const CreateInput = z.object({
  purpose: Purpose.describe("what the image is for: a post's image or the caller's avatar"),
  contentType: ContentType,
  size: z
    .number()
    .int()
    .positive()
    .describe(`the file's size in bytes, at most ${MAX_BYTES} (10 MB, 413 above); the storage refuses more`),
});

const ULID = "[0-9A-HJKMNP-TV-Z]{26}";
const OWNER = "[0-9A-Za-z]{1,64}";
const EXT = "(?:jpg|png|webp|gif)";

/** `media/<userID>/<ulid>.<ext>`: a claimed image, written once by `claim` and served to anyone. */
export const MediaKey = z
  .string()
  .max(200)
  .regex(new RegExp(`^media/${OWNER}/${ULID}\\.${EXT}$`), "not a media key");

/** What may be asked for: a claimed image, or (for its owner only) a pending upload. */
export const ServedKey = z.union([MediaKey, Key]);

export const Presigned = z.object({
  url: z.string().describe("POST a multipart/form-data form here"),
  fields: z
    .record(z.string(), z.string())
    .describe("form fields to send as given, in this order, before the `file` field"),
  key: Key.describe("the object's key: pass it to the post or avatar that uses the image"),
  expiresAt: z.number().describe("epoch milliseconds after which the storage refuses the form"),
});
export type Presigned = z.infer<typeof Presigned>;

export const Claimed = z.object({
  key: MediaKey.describe("the image's final key: store and serve this one"),
  contentType: ContentType,
  size: z.number().int(),
});
export type Claimed = z.infer<typeof Claimed>;

export type Item = EntityItem<typeof uploads>;

const bucket = () => Resource.Media.name;

/** A presigned POST for one image of the caller's, and the record that lets only them claim it. */
export const create = /* @__PURE__ */ fn(
  CreateInput,
  async ({ purpose, contentType, size }, clock: Clock = systemClock): Promise<Presigned> => {
    const { userID } = Actor.assert("user").properties;
    if (size > MAX_BYTES) throw new PayloadTooLargeError(`An image is at most 10 MB (${MAX_BYTES} bytes)`);
    const now = clock();
    const key = `uploads/${userID}/${ulid(now.getTime())}.${EXTENSIONS[contentType]}`;
    const post = await presignPost({
      bucket: bucket(),
      key,
      contentType,
      maxSize: size,
      seconds: POST_SECONDS,
    });
    await uploads
      .create({
        key,
        userID,
        purpose,
        contentType,
        maxSize: size,
        createdAt: now.getTime(),
        expiresAt: ttl(now, KEEP_DAYS),
      })
      .go();
    return { url: post.url, fields: post.fields, key, expiresAt: post.expiresAt };
  },
);

const ClaimInput = z.object({ key: Key, purpose: Purpose });

/** A refusal about the key, shaped as an input validation failure with a stable reason. */
function invalid(reason: string, message: string) {
  return new ValidationError(`key: ${message}`, [{ path: "key", message, reason }]);
}

/**
 * Takes the caller's upload for a post or avatar, once. Anything not recorded as this user's upload is
 * refused alike, so the answer says nothing of other users' keys. The object is copied to a new `media/`
 * key first and the copy is what gets checked (type, size, magic bytes) and recorded: the presigned form
 * may still be valid and rewrite the original, but never the copy.
 */
export const claim = /* @__PURE__ */ fn(
  ClaimInput,
  async ({ key, purpose }, now: Clock = systemClock): Promise<Claimed> => {
    const { userID } = Actor.assert("user").properties;
    const item = (await uploads.get({ key }).go({ consistent: true })).data;
    if (!item || item.userID !== userID) throw new ForbiddenError("This is not an upload of yours");
    if (item.status === "claimed") throw new ConflictError("upload_claimed", "This upload is already used");
    if (item.purpose !== purpose) throw invalid("upload_purpose", `this upload is for a ${item.purpose}`);
    if (item.expiresAt * 1000 <= now().getTime()) throw invalid("upload_expired", "this upload expired");

    // A fresh key per attempt: a claim that loses a race deletes its own copy, never the winner's.
    const mediaKey = `${MEDIA_PREFIX}${userID}/${ulid(now().getTime())}.${EXTENSIONS[item.contentType]}`;
    const copied = await s3
      .send(
        new CopyObjectCommand({
          Bucket: bucket(),
          Key: mediaKey,
          CopySource: `${bucket()}/${key}`,
          MetadataDirective: "REPLACE",
          ContentType: item.contentType,
          ContentDisposition: MEDIA_HEADERS.contentDisposition,
          CacheControl: MEDIA_HEADERS.cacheControl,
        }),
      )
      .then(
        () => true,
        (error) => {
          if (isMissing(error)) return false;
          throw error;
        },
      );
    if (!copied) throw invalid("upload_missing", "nothing was uploaded under this key");

    let size: number;
    try {
      size = await checkCopy(mediaKey, item);
      await uploads
        .patch({ key })
        .set({ status: "claimed", size, mediaKey, claimedAt: now().getTime() })
        .where((a, op) => `${op.eq(a.status, "pending")} AND ${op.eq(a.userID, userID)}`)
        .go();
    } catch (error) {
      await removeObject(mediaKey);
      if (isConditionalFailure(error))
        throw new ConflictError("upload_claimed", "This upload is already used");
      throw error;
    }
    // The original is of no more use; a later write through the form is swept with the upload's item.
    await removeObject(key);
    return { key: mediaKey, contentType: item.contentType, size };
  },
);

/** The copy's size once it passed the checks the form's policy cannot make. */
async function checkCopy(mediaKey: string, item: Item): Promise<number> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket(), Key: mediaKey }));
  const size = head.ContentLength ?? 0;
  if (size < 1 || size > Math.min(item.maxSize, MAX_BYTES))
    throw invalid("upload_size", `the object has ${size} bytes, not 1 to ${item.maxSize}`);
  const detected = sniff(await firstBytes(mediaKey));
  if (detected !== item.contentType)
    throw invalid("upload_not_image", `the file is not a ${item.contentType} image`);
  return size;
}

export async function get(key: string): Promise<Item | undefined> {
  return (await uploads.get({ key }).go({ consistent: true })).data ?? undefined;
}

/** Deletes the object; deleting one already gone is fine (S3's DeleteObject is idempotent). */
export const removeObject = /* @__PURE__ */ fn(ServedKey, async (key): Promise<void> => {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }));
});

/** An image to send: its bytes as a stream, with the headers every media response carries. */
export interface Media {
  body: ReadableStream<Uint8Array>;
  contentType: ContentType;
  contentLength?: number;
  contentDisposition: "inline";
  cacheControl: string;
}

/**
 * The image under `key`, for whoever is asking: a claimed image (`media/`) for anyone, a pending upload only
 * for its owner (a preview before posting). Everything else is "no such image", so the answer says nothing
 * of other people's uploads.
 */
export async function open(key: string): Promise<Media> {
  const missing = () => new NotFoundError("No such image");
  const claimed = MediaKey.safeParse(key).success;
  if (!claimed) {
    const actor = Actor.use();
    const item = Key.safeParse(key).success ? await get(key) : undefined;
    const ownerAsks = actor.type === "user" && item?.userID === actor.properties.userID;
    if (!item || !ownerAsks || item.status !== "pending") throw missing();
  }
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: key })).catch((error) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  const contentType = ContentType.safeParse(object?.ContentType);
  if (!object?.Body || !contentType.success) throw missing();
  return {
    body: object.Body.transformToWebStream(),
    contentType: contentType.data,
    contentLength: object.ContentLength,
    contentDisposition: MEDIA_HEADERS.contentDisposition,
    // A pending upload may still change or go: nobody keeps it.
    cacheControl: claimed ? MEDIA_HEADERS.cacheControl : "private, no-store",
  };
}

async function firstBytes(key: string): Promise<Uint8Array> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: key, Range: "bytes=0-15" }));
  return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
}

/** The image type its first bytes announce, if one of ours. */
export function sniff(bytes: Uint8Array): ContentType | undefined {
  const starts = (offset: number, ...expected: number[]) => expected.every((b, i) => bytes[offset + i] === b);
  const ascii = (offset: number, text: string) => starts(offset, ...[...text].map((c) => c.charCodeAt(0)));
  if (starts(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (ascii(0, "GIF87a") || ascii(0, "GIF89a")) return "image/gif";
  if (ascii(0, "RIFF") && ascii(8, "WEBP")) return "image/webp";
  return undefined;
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
}
