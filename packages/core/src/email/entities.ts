import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/** Outgoing mail: one item per message, written by `Email.send`, delivered by the Mailer. Kept 30 days. */
export const emails = new Entity(
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
      status: { type: ["queued", "sending", "sent", "failed"] as const, required: true, default: "queued" },
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
