export * as Upload from "./index";

import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Entity, type EntityItem } from "electrodb";
import { Resource } from "sst";
import { ulid } from "ulid";
import { z } from "zod";
import * as Actor from "../actor";
import { Configuration, isConditionalFailure, SERVICE, ttl } from "../dynamo";
import { ConflictError, ForbiddenError, PayloadTooLargeError, ValidationError } from "../error";
import { client as s3 } from "../storage";
import { type Clock, systemClock } from "../util/clock";
import { fn } from "../util/fn";
import { ContentType, MAX_BYTES } from "./limits";

/**
 * Images go from the browser straight to the media bucket with a presigned POST whose policy S3 itself
 * enforces (exact key and type, size, 5 minutes). An `upload` item records who may use the key; a post or
 * avatar then `claim`s it once, after the object's type, size and first bytes are checked again. Pending
 * uploads expire with their item (TTL), and the UploadSweeper deletes their objects.
 */

export { ContentType, MAX_BYTES } from "./limits";
/** How long a presigned POST may be used. */
export const POST_SECONDS = 300;
/** How long an unclaimed upload is kept for a post or avatar to claim it. */
export const KEEP_DAYS = 1;
/** How long a serving URL is valid at most. */
export const URL_SECONDS = 3600;
/** Serving URLs are signed at the start of a window, so one image keeps one URL (browser cache) that long. */
const URL_WINDOW_MS = 30 * 60_000;

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

export const Presigned = z.object({
  url: z.string().describe("POST a multipart/form-data form here"),
  fields: z
    .record(z.string(), z.string())
    .describe("form fields to send as given, in this order, before the `file` field"),
  key: Key.describe("the object's key: pass it to the post or avatar that uses the image"),
  expiresAt: z.number().describe("epoch milliseconds after which the storage refuses the form"),
});
export type Presigned = z.infer<typeof Presigned>;

export const Claimed = z.object({ key: Key, contentType: ContentType, size: z.number().int() });
export type Claimed = z.infer<typeof Claimed>;

export const uploads = new Entity(
  {
    model: { entity: "upload", version: "1", service: SERVICE },
    attributes: {
      key: { type: "string", required: true, readOnly: true },
      userID: { type: "string", required: true, readOnly: true },
      purpose: { type: ["post", "avatar"] as const, required: true, readOnly: true },
      contentType: { type: ["image/jpeg", "image/png", "image/webp", "image/gif"] as const, required: true },
      /** The size announced, which the policy made the largest the storage accepts. */
      maxSize: { type: "number", required: true, readOnly: true },
      status: { type: ["pending", "claimed"] as const, required: true, default: "pending" },
      /** The object's size, once claimed. */
      size: { type: "number" },
      createdAt: { type: "number", required: true, readOnly: true },
      claimedAt: { type: "number" },
      /** TTL (epoch seconds): a pending upload's object is deleted when its item expires. */
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["key"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);
export type Item = EntityItem<typeof uploads>;

const bucket = () => Resource.Media.name;

/** A presigned POST for one image of the caller's, and the record that lets only them claim it. */
export const create = fn(CreateInput, async ({ purpose, contentType, size }): Promise<Presigned> => {
  const { userID } = Actor.assert("user").properties;
  if (size > MAX_BYTES) throw new PayloadTooLargeError(`An image is at most 10 MB (${MAX_BYTES} bytes)`);
  const now = systemClock();
  const key = `uploads/${userID}/${ulid(now.getTime())}.${EXTENSIONS[contentType]}`;
  const post = await createPresignedPost(s3, {
    Bucket: bucket(),
    Key: key,
    Conditions: [
      ["content-length-range", 1, size],
      ["eq", "$Content-Type", contentType],
    ],
    Fields: { "Content-Type": contentType },
    Expires: POST_SECONDS,
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
  return { url: post.url, fields: post.fields, key, expiresAt: policyExpiration(post.fields) };
});

/** What the storage will enforce, read from the signed policy itself rather than recomputed. */
function policyExpiration(fields: Record<string, string>): number {
  const policy = JSON.parse(Buffer.from(fields.Policy ?? "", "base64").toString("utf8"));
  return Date.parse(policy.expiration);
}

const ClaimInput = z.object({ key: Key, purpose: Purpose });

/** A refusal about the key, shaped as an input validation failure with a stable reason. */
function invalid(reason: string, message: string) {
  return new ValidationError(`key: ${message}`, [{ path: "key", message, reason }]);
}

/**
 * Takes the caller's upload for a post or avatar, once. Anything not recorded as this user's upload is
 * refused alike, so the answer says nothing of other users' keys. The object is checked again (it may have
 * been replaced or never sent): type, size, and the magic bytes of its first bytes.
 */
export const claim = (input: z.input<typeof ClaimInput>, now: Clock = systemClock) => claimAt(now)(input);

const claimAt = (now: Clock) =>
  fn(ClaimInput, async ({ key, purpose }): Promise<Claimed> => {
    const { userID } = Actor.assert("user").properties;
    const item = (await uploads.get({ key }).go({ consistent: true })).data;
    if (!item || item.userID !== userID) throw new ForbiddenError("This is not an upload of yours");
    if (item.status === "claimed") throw new ConflictError("upload_claimed", "This upload is already used");
    if (item.purpose !== purpose) throw invalid("upload_purpose", `this upload is for a ${item.purpose}`);
    if (item.expiresAt * 1000 <= now().getTime()) throw invalid("upload_expired", "this upload expired");

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket(), Key: key })).catch((error) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (!head) throw invalid("upload_missing", "nothing was uploaded under this key");
    const size = head.ContentLength ?? 0;
    if (head.ContentType !== item.contentType)
      throw invalid("upload_type", `the object is ${head.ContentType}, not ${item.contentType}`);
    if (size < 1 || size > Math.min(item.maxSize, MAX_BYTES))
      throw invalid("upload_size", `the object has ${size} bytes, not 1 to ${item.maxSize}`);
    const detected = sniff(await firstBytes(key));
    if (detected !== item.contentType)
      throw invalid("upload_not_image", `the file is not a ${item.contentType} image`);

    try {
      await uploads
        .patch({ key })
        .set({ status: "claimed", size, claimedAt: now().getTime() })
        .where((a, op) => `${op.eq(a.status, "pending")} AND ${op.eq(a.userID, userID)}`)
        .go();
    } catch (error) {
      if (isConditionalFailure(error))
        throw new ConflictError("upload_claimed", "This upload is already used");
      throw error;
    }
    return { key, contentType: item.contentType, size };
  });

export async function get(key: string): Promise<Item | undefined> {
  return (await uploads.get({ key }).go({ consistent: true })).data ?? undefined;
}

/** Deletes the object; deleting one already gone is fine (S3's DeleteObject is idempotent). */
export const removeObject = fn(Key, async (key): Promise<void> => {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket(), Key: key }));
});

/**
 * A presigned GET for serving an upload, valid between 30 and 60 minutes from `now`: it is signed at the
 * start of a 30-minute window, so repeated calls give the same URL and browsers cache the image.
 */
export async function url(key: string, now: Clock = systemClock): Promise<string> {
  if (!Key.safeParse(key).success) throw invalid("upload_key", "not an upload key");
  const signingDate = new Date(Math.floor(now().getTime() / URL_WINDOW_MS) * URL_WINDOW_MS);
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket(), Key: key }), {
    expiresIn: URL_SECONDS,
    signingDate,
  });
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
