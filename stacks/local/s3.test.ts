import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import type { S3Event } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buckets } from "../topology";
import { CREDENTIALS, REGION } from "./env";
import { type S3Local, startS3Local } from "./s3";

const MEDIA = "test-media";
const DATA = "test-data";
const ORIGIN = "http://localhost:3000";

describe("the S3 emulator with the topology's buckets", () => {
  const directory = mkdtempSync(join(tmpdir(), "bourse-s3-test-"));
  const delivered: { notification: string; event: S3Event }[] = [];
  let failNext = 0;
  let s3: S3Local;
  let client: S3Client;

  beforeAll(async () => {
    s3 = await startS3Local({
      directory,
      publicUrl: `${ORIGIN}/`,
      buckets: [
        { name: MEDIA, spec: buckets.media },
        { name: DATA, spec: buckets.data },
      ],
      async notify(notification, event) {
        if (failNext-- > 0) throw new Error("handler failed");
        delivered.push({ notification: notification.name, event });
      },
    });
    // What application code gets from the platform's env: an IP endpoint (path-style) and no
    // default checksums.
    client = new S3Client({
      endpoint: s3.endpoint,
      region: REGION,
      credentials: CREDENTIALS,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  test("bucket-level SigV4 requests pass (the patched signature check)", async () => {
    await client.send(new HeadBucketCommand({ Bucket: MEDIA }));
    await client.send(new PutObjectCommand({ Bucket: MEDIA, Key: "a b/c:d.txt", Body: "x" }));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: MEDIA, Prefix: "a b/" }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(["a b/c:d.txt"]);
  });

  test("the media bucket's CORS answers the app's origin for POST, GET and HEAD only", async () => {
    const preflight = (origin: string, method: string) =>
      fetch(`${s3.endpoint}/${MEDIA}`, {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": method },
      });
    for (const method of ["POST", "GET", "HEAD"]) {
      const allowed = await preflight(ORIGIN, method);
      expect(allowed.status, method).toBe(200);
      // s3rver grants a matched preflight with `*` where S3 echoes the origin; the refusals below are the point.
      expect(allowed.headers.get("access-control-allow-origin")).not.toBeNull();
      expect(allowed.headers.get("access-control-allow-methods")).toContain(method);
    }
    // Another site, or a lookalike of ours, gets no CORS grant.
    for (const origin of ["https://evil.example", "http://localhost:3001", "http://127.0.0.1:3000"]) {
      const refused = await preflight(origin, "POST");
      expect(refused.status, origin).toBe(403);
      expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    }
    // Methods the browser never uses are refused even from the app.
    for (const method of ["PUT", "DELETE"]) {
      const refused = await preflight(ORIGIN, method);
      expect(refused.status, method).toBe(403);
      expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    }
  });

  test("a browser uploads with a presigned POST form from the app's origin", async () => {
    const post = await createPresignedPost(client, {
      Bucket: MEDIA,
      Key: "uploads/photo.png",
      Conditions: [["eq", "$Content-Type", "image/png"]],
      Fields: { "Content-Type": "image/png" },
      Expires: 300,
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append("file", new Blob([new Uint8Array([137, 80, 78, 71])]), "photo.png");
    const sent = await fetch(post.url, { method: "POST", headers: { Origin: ORIGIN }, body: form });
    expect(sent.status).toBe(204);
    expect(sent.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(sent.headers.get("access-control-expose-headers")).toBe("ETag");
  });

  test("a preflight to the data bucket for anything but a POST form is refused", async () => {
    const preflight = (method: string, origin = ORIGIN) =>
      fetch(`${s3.endpoint}/${DATA}`, {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": method },
      });
    expect((await preflight("POST")).status).toBe(200);
    for (const method of ["PUT", "GET", "DELETE"]) expect((await preflight(method)).status, method).toBe(403);
    expect((await preflight("POST", "https://evil.example")).status).toBe(403);
  });

  test("object-created events reach the handler only under inputs/, shaped as Lambda gets them", async () => {
    delivered.length = 0;
    await client.send(new PutObjectCommand({ Bucket: DATA, Key: "inputs/price data.json", Body: "{}" }));
    await client.send(new PutObjectCommand({ Bucket: DATA, Key: "outputs/report.json", Body: "{}" }));
    await client.send(new PutObjectCommand({ Bucket: MEDIA, Key: "inputs/not-data.json", Body: "{}" }));
    await s3.idle();

    expect(delivered).toHaveLength(1);
    const [{ notification, event }] = delivered as [(typeof delivered)[number]];
    expect(notification).toBe("DataInput");
    expect(event.Records).toHaveLength(1);
    expect(event.Records[0]).toMatchObject({
      eventVersion: expect.any(String),
      eventSource: "aws:s3",
      awsRegion: REGION,
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      eventName: "ObjectCreated:Put",
      s3: {
        configurationId: "DataInput",
        bucket: { name: DATA, arn: `arn:aws:s3:::${DATA}` },
        // URL-encoded as on AWS: a space becomes +, slashes stay.
        object: { key: "inputs/price+data.json", size: 2, eTag: "99914b932bd37a50b983c5e7c90ae93b" },
      },
    });
  });

  test("a failing handler gets the event again, as async Lambda invocations are retried", async () => {
    delivered.length = 0;
    failNext = 1;
    await client.send(new PutObjectCommand({ Bucket: DATA, Key: "inputs/retry.json", Body: "[]" }));
    await s3.idle();
    expect(delivered.map((d) => d.event.Records[0]?.s3.object.key)).toEqual(["inputs/retry.json"]);
  });
});
