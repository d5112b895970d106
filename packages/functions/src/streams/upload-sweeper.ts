import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { Upload } from "@bourse/core/upload";
import { streamHandler } from "../lib/stream";

/**
 * Deletes the object of an upload whose item went away still pending (TTL expiry: nobody claimed it).
 * The topology's filter selects those REMOVE records; deleting an object twice is harmless.
 */
export const handler = streamHandler("UploadSweeper", async (record) => {
  const image = unmarshall(record.dynamodb?.OldImage as Record<string, AttributeValue>);
  if (image.status !== "pending") return;
  await Upload.removeObject(image.key);
});
