import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { Email } from "@bourse/core/email";
import { streamHandler } from "../lib/stream";

/** Delivers each newly queued email (an `email` INSERT) through SES. */
export const handler = streamHandler("Mailer", async (record) => {
  const image = unmarshall(record.dynamodb?.NewImage as Record<string, AttributeValue>);
  await Email.deliver(image.emailID);
});
