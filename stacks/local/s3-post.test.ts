import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createPresignedPost, type PresignedPost } from "@aws-sdk/s3-presigned-post";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buckets } from "../topology";
import { CREDENTIALS, REGION } from "./env";
import { type S3Local, startS3Local } from "./s3";

/**
 * Browser-based uploads (presigned POST) against the S3 emulator: the storage itself must refuse what the
 * policy does not allow, as S3 does, whatever the page that sent the form.
 */

const MEDIA = "test-media";
const ORIGIN = "http://localhost:3000";
const MB = 1024 * 1024;
const MAX = 10 * MB;

describe("presigned POST on the S3 emulator", () => {
  const directory = mkdtempSync(join(tmpdir(), "bourse-s3-post-test-"));
  let s3: S3Local;
  let client: S3Client;
  const clientAt = (
    offsetMs: number,
    credentials: { accessKeyId: string; secretAccessKey: string } = CREDENTIALS,
  ) =>
    new S3Client({
      endpoint: s3.endpoint,
      region: REGION,
      credentials,
      systemClockOffset: offsetMs,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });

  beforeAll(async () => {
    s3 = await startS3Local({
      directory,
      buckets: [{ name: MEDIA, spec: buckets.media }],
      publicUrl: ORIGIN,
      async notify() {},
    });
    client = clientAt(0);
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  let n = 0;
  /** A policy as core's Upload.create signs it: exact key and type, size within [1, max], 5 minutes. */
  const presign = (options: { key?: string; contentType?: string; signer?: S3Client; max?: number } = {}) => {
    const contentType = options.contentType ?? "image/png";
    return createPresignedPost(options.signer ?? client, {
      Bucket: MEDIA,
      Key: options.key ?? `uploads/u1/${++n}.png`,
      Conditions: [
        ["content-length-range", 1, options.max ?? MAX],
        ["eq", "$Content-Type", contentType],
      ],
      Fields: { "Content-Type": contentType },
      Expires: 300,
    });
  };

  /** What a browser sends: the fields in order, the file last. */
  async function post(post: PresignedPost, file: Uint8Array, fields: Record<string, string> = post.fields) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append("file", new Blob([file as Uint8Array<ArrayBuffer>], { type: "image/png" }), "photo.png");
    const response = await fetch(post.url, { method: "POST", body: form, headers: { Origin: ORIGIN } });
    const body = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      code: xmlText(body, "Code"),
      message: xmlText(body, "Message"),
      body,
    };
  }

  const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  const xmlText = (xml: string, tag: string) =>
    new RegExp(`<${tag}>([^<]*)</${tag}>`)
      .exec(xml)?.[1]
      ?.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? "");

  const exists = (key: string) =>
    client.send(new HeadObjectCommand({ Bucket: MEDIA, Key: key })).then(
      (head) => head,
      () => undefined,
    );
  const png = (size: number) => {
    const bytes = new Uint8Array(size);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].slice(0, size));
    return bytes;
  };

  test("a policy-conforming upload is stored with its content type, and CORS lets the page read the answer", async () => {
    const form = await presign();
    const sent = await post(form, png(100));
    expect(sent.status).toBe(204);
    expect(sent.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(sent.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    const head = await exists(form.fields.key as string);
    expect(head).toMatchObject({ ContentType: "image/png", ContentLength: 100 });
  });

  test("exactly the maximum size is accepted", async () => {
    const form = await presign({ max: 2 * MB });
    expect((await post(form, png(2 * MB))).status).toBe(204);
  });

  test("a wrong content type is refused by the storage", async () => {
    const form = await presign();
    const sent = await post(form, png(100), { ...form.fields, "Content-Type": "text/html" });
    expect(sent).toMatchObject({
      status: 403,
      code: "AccessDenied",
      message: 'Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "image/png"]',
    });
    // The page can read why, as on S3 with CORS.
    expect(sent.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(await exists(form.fields.key as string)).toBeUndefined();
  });

  test("10 MB + 1 byte is refused with EntityTooLarge; an empty file with EntityTooSmall", async () => {
    const form = await presign();
    const tooLarge = await post(form, png(MAX + 1));
    expect(tooLarge).toMatchObject({ status: 400, code: "EntityTooLarge" });
    expect(tooLarge.body).toContain(`<MaxSizeAllowed>${MAX}</MaxSizeAllowed>`);
    expect(tooLarge.body).toContain(`<ProposedSize>${MAX + 1}</ProposedSize>`);
    expect(await exists(form.fields.key as string)).toBeUndefined();

    const empty = await post(form, new Uint8Array());
    expect(empty).toMatchObject({ status: 400, code: "EntityTooSmall" });
    expect(await exists(form.fields.key as string)).toBeUndefined();
  });

  test("an expired policy is refused", async () => {
    // Signed 10 minutes ago with a 5-minute expiration.
    const past = clientAt(-10 * 60_000);
    const form = await presign({ signer: past });
    past.destroy();
    const sent = await post(form, png(100));
    expect(sent).toMatchObject({
      status: 403,
      code: "AccessDenied",
      message: "Invalid according to Policy: Policy expired.",
    });
    expect(await exists(form.fields.key as string)).toBeUndefined();
  });

  test("a tampered policy, a forged signature or a wrong secret is refused", async () => {
    const form = await presign();
    const policy = JSON.parse(Buffer.from(form.fields.Policy as string, "base64").toString());
    policy.conditions[0] = ["content-length-range", 1, 1024 * MB];
    const tampered = Buffer.from(JSON.stringify(policy)).toString("base64");
    const widened = await post(form, png(100), { ...form.fields, Policy: tampered });
    expect(widened).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });

    const forged = await post(form, png(100), { ...form.fields, "X-Amz-Signature": "0".repeat(64) });
    expect(forged).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });

    const wrongSecret = clientAt(0, { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: "guessed" });
    const guessed = await post(await presign({ signer: wrongSecret }), png(100));
    wrongSecret.destroy();
    expect(guessed).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });

    const stranger = clientAt(0, { accessKeyId: "NOBODY", secretAccessKey: "x" });
    const unknown = await post(await presign({ signer: stranger }), png(100));
    stranger.destroy();
    expect(unknown).toMatchObject({ status: 403, code: "InvalidAccessKeyId" });
    expect(await exists(form.fields.key as string)).toBeUndefined();
  });

  test("another key than the signed one, or a field the policy does not cover, is refused", async () => {
    const form = await presign({ key: "uploads/u1/mine.png" });
    const elsewhere = await post(form, png(100), { ...form.fields, key: "uploads/u2/theirs.png" });
    expect(elsewhere).toMatchObject({ status: 403, code: "AccessDenied" });
    expect(elsewhere.message).toContain('Policy Condition failed: ["eq", "$key", "uploads/u1/mine.png"]');
    expect(await exists("uploads/u2/theirs.png")).toBeUndefined();

    const extra = await post(form, png(100), { ...form.fields, "x-amz-meta-owner": "someone" });
    expect(extra).toMatchObject({
      status: 403,
      code: "AccessDenied",
      message: "Invalid according to Policy: Extra input fields: x-amz-meta-owner",
    });

    // x-ignore- fields need no condition, as on S3.
    const ignored = await post(form, png(100), { ...form.fields, "x-ignore-note": "hi" });
    expect(ignored.status).toBe(204);
  });

  test("an unsigned POST is anonymous, and the bucket is not public-write", async () => {
    const form = new FormData();
    form.append("key", "uploads/anonymous.png");
    form.append("Content-Type", "image/png");
    form.append("file", new Blob([png(10)]), "a.png");
    const response = await fetch(`${s3.endpoint}/${MEDIA}`, { method: "POST", body: form });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("<Code>AccessDenied</Code>");
    expect(await exists("uploads/anonymous.png")).toBeUndefined();
  });

  test("a browser's preflight for a cross-origin POST is answered", async () => {
    const form = await presign();
    const preflight = await fetch(form.url, {
      method: "OPTIONS",
      headers: {
        Origin: ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(preflight.status).toBe(200);
    // s3rver grants a matched preflight with `*` (S3 echoes the origin); other origins are refused (s3.test.ts).
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
  });
});
