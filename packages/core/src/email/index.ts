export * as Email from "./index";

import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { Entity, type EntityItem } from "electrodb";
import { Resource } from "sst";
import { ulid } from "ulid";
import { z } from "zod";
import { Configuration, isConditionalFailure, SERVICE, ttl } from "../dynamo";
import { decodeCursor, encodeCursor } from "../util/cursor";
import { fn } from "../util/fn";

/**
 * Outgoing mail, outbox style: `send` only writes an `email` item; the Mailer stream subscriber delivers it
 * through SES and records the outcome. Items expire after 30 days.
 */
export const Info = z.object({
  id: z.string(),
  to: z.array(z.email()).min(1),
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
  status: z.enum(["queued", "sent", "failed"]),
  messageID: z.string().optional(),
  error: z.string().optional(),
  createdAt: z.number().describe("epoch milliseconds"),
  sentAt: z.number().optional(),
});
export type Info = z.infer<typeof Info>;

const emails = new Entity(
  {
    model: { entity: "email", version: "1", service: SERVICE },
    attributes: {
      emailID: { type: "string", required: true, readOnly: true },
      to: { type: "list", items: { type: "string" }, required: true, readOnly: true },
      subject: { type: "string", required: true, readOnly: true },
      text: { type: "string", required: true, readOnly: true },
      html: { type: "string", readOnly: true },
      status: { type: ["queued", "sent", "failed"] as const, required: true, default: "queued" },
      messageID: { type: "string" },
      error: { type: "string" },
      createdAt: { type: "number", required: true, readOnly: true, default: () => Date.now() },
      sentAt: { type: "number" },
      expiresAt: { type: "number", required: true, default: () => ttl(new Date(), 30) },
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

const ses = new SESv2Client({});

export const send = fn(
  z.object({
    to: z.union([z.email(), z.array(z.email()).min(1).max(50)]),
    subject: z.string().min(1).max(200),
    text: z.string().min(1).max(100_000),
    html: z.string().max(200_000).optional(),
  }),
  async (input) => {
    const item = await emails
      .create({
        emailID: ulid(),
        to: Array.isArray(input.to) ? input.to : [input.to],
        subject: input.subject,
        text: input.text,
        html: input.html,
      })
      .go();
    return serialize(item.data);
  },
);

/** Domains reserved for examples and tests (RFC 2606): mail to them can never reach a real person. */
const RESERVED = /@(?:[^@]+\.)?(?:example\.(?:com|org|net)|[^@]+\.test)$/i;

/**
 * A sample message, as operators and tests send it from the outbox page or API: any stage accepts it
 * because it only goes to reserved domains.
 */
export const sendSample = fn(
  z.object({
    to: z
      .email()
      .regex(RESERVED, "must be an address in a reserved domain (example.com/.org/.net, *.test)")
      .describe("an address at example.com, example.org, example.net or *.test"),
    subject: send.schema.shape.subject,
    text: send.schema.shape.text,
  }),
  (input) => send(input),
);

export async function get(id: string): Promise<Info | undefined> {
  const item = await emails.get({ emailID: id }).go({ consistent: true });
  return item.data ? serialize(item.data) : undefined;
}

export const list = fn(
  z.object({ cursor: z.string().optional(), limit: z.number().int().min(1).max(100).default(25) }),
  async ({ cursor, limit }) => {
    const page = await emails.query.outbox({}).go({ order: "desc", limit, cursor: decodeCursor(cursor) });
    return { items: page.data.map(serialize), cursor: encodeCursor(page.cursor) };
  },
);

/**
 * Hand a queued email to SES. Replays are harmless: mail that is no longer queued is skipped, and the final
 * state is written only from `queued`. (A crash between SES accepting and the write can still send twice;
 * SES has no idempotency key.)
 */
export async function deliver(id: string): Promise<"sent" | "skipped"> {
  const email = await get(id);
  if (email?.status !== "queued") return "skipped";
  const out = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: Resource.Email.sender,
      Destination: { ToAddresses: email.to },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: "UTF-8" },
          Body: {
            Text: { Data: email.text, Charset: "UTF-8" },
            ...(email.html ? { Html: { Data: email.html, Charset: "UTF-8" } } : {}),
          },
        },
      },
      EmailTags: [{ Name: "emailID", Value: email.id }],
    }),
  );
  await emails
    .patch({ emailID: id })
    .set({ status: "sent", messageID: out.MessageId, sentAt: Date.now() })
    .where((attr, op) => op.eq(attr.status, "queued"))
    .go()
    .catch((error: unknown) => {
      if (!isConditionalFailure(error)) throw error;
    });
  return "sent";
}

/** Give up on an email (after the subscriber's retries are exhausted). */
export async function fail(id: string, reason: string) {
  await emails
    .patch({ emailID: id })
    .set({ status: "failed", error: reason.slice(0, 1000) })
    .where((attr, op) => op.eq(attr.status, "queued"))
    .go()
    .catch((error: unknown) => {
      if (!isConditionalFailure(error)) throw error;
    });
}

function serialize(item: EntityItem<typeof emails>): Info {
  return {
    id: item.emailID,
    to: item.to,
    subject: item.subject,
    text: item.text,
    html: item.html,
    status: item.status,
    messageID: item.messageID,
    error: item.error,
    createdAt: item.createdAt,
    sentAt: item.sentAt,
  };
}
