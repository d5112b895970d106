import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import * as Actor from "@bourse/core/actor";
import { client as s3 } from "@bourse/core/storage";
import * as Upload from "@bourse/core/upload";
import { expire } from "@bourse/core/upload/testing";
import { Resource } from "sst";
import { ulid } from "ulid";
import { expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** An upload of the user's, with its file sent to the storage as a browser would. */
async function uploaded(userID: string): Promise<string> {
  const post = await Upload.create({ purpose: "post", contentType: "image/png", size: 64 });
  const form = new FormData();
  for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
  const bytes = new Uint8Array(64);
  bytes.set(PNG);
  form.append("file", new Blob([bytes]), "a.png");
  expect((await fetch(post.url, { method: "POST", body: form })).status).toBe(204);
  expect(post.key).toContain(userID);
  return post.key;
}

const exists = (key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: Resource.Media.name, Key: key })).then(
    () => true,
    () => false,
  );

it("deletes the upload's object when its item expires, claimed or not, and keeps the claimed media", async () => {
  const userID = ulid();
  const [pending, claimed, media] = await Actor.provide(
    { type: "user", properties: { userID, sessionID: "s" } },
    async () => {
      const keys = [await uploaded(userID), await uploaded(userID)] as const;
      const { key } = await Upload.claim({ key: keys[1], purpose: "post" });
      return [...keys, key] as const;
    },
  );
  // The form stays valid for 5 minutes after the claim: what it writes then is nobody's, and goes too.
  await s3.send(new PutObjectCommand({ Bucket: Resource.Media.name, Key: claimed, Body: "late" }));
  // Locally TTL expiry is a DeleteItem with the old image in the stream record, as the TTL sweeper does.
  await expire(pending);
  await expire(claimed);
  await platformIdle();

  expect(await exists(pending)).toBe(false);
  expect(await exists(claimed)).toBe(false);
  expect(await exists(media)).toBe(true);
});
