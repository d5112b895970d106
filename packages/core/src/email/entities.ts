import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/** Outgoing mail: one item per message, written by `Email.send`, delivered by the Mailer. Kept 30 days. */
export const emails = /* @__PURE__ */ new Entity(
  {
    model: { entity: "email", version: "1", service: SERVICE },
    attributes: {
      emailID: { type: "string", required: true, readOnly: true },
      to: { type: "list", items: { type: "string" }, required: true, readOnly: true },
      subject: { type: "string", required: true, readOnly: true },
      /** With `{{name}}` placeholders where secrets go. */
      text: { type: "string", required: true, readOnly: true },
      html: { type: "string", readOnly: true },
      /** name → value of extra headers, with `{{name}}` placeholders where secrets go. */
      headers: { type: "any", readOnly: true },
      /** name → value of each secret; only delivery reads it, and it is removed once sent or failed. */
      secrets: { type: "any" },
      /** name → label of each secret, for the redacted view (kept). */
      hidden: { type: "any", readOnly: true },
      /**
       * queued → sending → sent; a throttled or failed send → retrying (until `retryAt`) → sending …; the
       * last attempt failed, or a refusal that will not get better → dead; given up by an operator → failed.
       */
      status: {
        type: ["queued", "sending", "sent", "failed", "retrying", "dead"] as const,
        required: true,
        default: "queued",
      },
      /** Which provider it goes out through (fixed when queued: retries stay with it). */
      provider: { type: ["ses", "sendgrid"] as const },
      /** Attempts made so far, and when the next is due (epoch ms) while retrying. */
      attempts: { type: "number" },
      retryAt: { type: "number" },
      /** Who holds the `sending` claim, and until when (epoch ms). */
      lease: { type: "string" },
      leaseUntil: { type: "number" },
      messageID: { type: "string" },
      error: { type: "string" },
      createdAt: { type: "number", required: true, readOnly: true },
      sentAt: { type: "number" },
      /** TTL (epoch seconds), 30 days after creation. */
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["emailID"] }, sk: { field: "sk", composite: [] } },
      // The outbox view, newest first. One partition: mail volume is low and items expire after 30 days.
      outbox: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: [] },
        sk: { field: "gsi1sk", composite: ["emailID"] },
      },
    },
  },
  Configuration,
);

/**
 * A retrying mail's due time: one partition of (retryAt, emailID), which the MailRetry cron reads up to
 * now. Written in the transaction that makes a mail `retrying`; deleted once the retry was attempted.
 */
export const emailRetries = /* @__PURE__ */ new Entity(
  {
    model: { entity: "emailRetry", version: "1", service: SERVICE },
    attributes: {
      retryAt: { type: "number", required: true, readOnly: true },
      emailID: { type: "string", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: [] },
        sk: { field: "sk", composite: ["retryAt", "emailID"] },
      },
    },
  },
  Configuration,
);
