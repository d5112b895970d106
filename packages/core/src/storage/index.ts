import { S3Client } from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";

/**
 * Checksums only when an operation requires them: otherwise presigned URLs carry the checksum of an empty
 * body and S3 emulators (and browsers uploading real bytes) disagree with it.
 */
export const client = new S3Client({
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
});

/** A presigned POST form: the browser sends `fields`, then the file, to `url` before `expiresAt`. */
export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
  /** Epoch milliseconds, read from the signed policy: what the storage enforces. */
  expiresAt: number;
}

/**
 * The one way the product lets a browser write to a bucket: a POST whose policy the storage itself
 * enforces — this exact key, this content type, 1 to `maxSize` bytes, for `seconds`.
 */
export async function presignPost(input: {
  bucket: string;
  key: string;
  contentType: string;
  maxSize: number;
  seconds: number;
}): Promise<PresignedPost> {
  const post = await createPresignedPost(client, {
    Bucket: input.bucket,
    Key: input.key,
    Conditions: [
      ["content-length-range", 1, input.maxSize],
      ["eq", "$Content-Type", input.contentType],
    ],
    Fields: { "Content-Type": input.contentType },
    Expires: input.seconds,
  });
  const policy = JSON.parse(Buffer.from(post.fields.Policy ?? "", "base64").toString("utf8"));
  return { url: post.url, fields: post.fields, expiresAt: Date.parse(policy.expiration) };
}
