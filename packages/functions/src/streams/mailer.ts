import * as Email from "@bourse/core/email";
import { streamHandler } from "../lib/stream";

/**
 * Delivers each newly queued email (an `email` INSERT) through its provider. Only the id is read from the
 * record: the image may carry a mail's secrets, and nothing here logs it. A provider's refusal does not
 * fail the record (the mail is recorded `retrying` for the MailRetry cron, or `dead`), so one throttled
 * provider stalls no shard. A mail another delivery is sending (Email.BusyError) fails the record, so it
 * is retried: by then it is sent (skipped) or its lease lapsed.
 */
export const handler = streamHandler("Mailer", async (record) => {
  const emailID = record.dynamodb?.NewImage?.emailID?.S;
  if (!emailID) throw new Error(`email record ${record.eventID} has no emailID`);
  await Email.deliver(emailID);
});
