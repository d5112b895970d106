import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import * as Upload from "@bourse/core/upload";
import { streamHandler } from "../lib/stream";

/**
 * Deletes the `uploads/` object of an upload whose item went away (TTL expiry). Pending: nobody claimed it.
 * Claimed: the claim kept its own `media/` copy, and whatever the still-valid form wrote afterwards is
 * nobody's. The topology's filter selects those REMOVE records; deleting an object twice is harmless.
 */
export const handler = streamHandler("UploadSweeper", async (record) => {
  const image = unmarshall(record.dynamodb?.OldImage as Record<string, AttributeValue>);
  await Upload.removeObject(image.key);
});
