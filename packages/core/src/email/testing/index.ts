/**
 * For tests: the mail the local SES server actually received, read from its mailbox (`GET /_aws/ses`,
 * LocalStack's convention) — never through the product's outbox, which hides the secrets a mail carries.
 */
import { ulid } from "ulid";
import { platformIdle } from "../../../../../stacks/local/testing/global-setup";
import { ttl } from "../../dynamo";
import { action, transact } from "../../dynamo/transaction";
import { systemClock } from "../../util/clock";
import { emailRetries, emails } from "../entities";
import { KEEP_DAYS } from "../index";

/** One message as the local SES server keeps it (stacks/local/ses.ts, `SentEmail`). */
export interface Received {
  Id: string;
  Destination?: { ToAddresses?: string[] };
  Subject?: string;
  Body?: { text_part: string | null; html_part: string | null };
  Tags?: { Name: string; Value: string }[];
  Headers?: { Name: string; Value: string }[];
}

/** Everything the local SES server received so far. */
export async function received(): Promise<Received[]> {
  const endpoint = process.env.AWS_ENDPOINT_URL_SESV2;
  if (!endpoint) throw new Error("no local SES endpoint (AWS_ENDPOINT_URL_SESV2): run on the local platform");
  const response = await fetch(new URL("/_aws/ses", endpoint));
  if (!response.ok) throw new Error(`the local SES mailbox answered ${response.status}`);
  return ((await response.json()) as { messages: Received[] }).messages;
}

/** The messages SES received for the outbox item `emailID` (the Mailer tags each with it). */
export async function receivedFor(emailID: string): Promise<Received[]> {
  return (await received()).filter((m) => m.Tags?.some((t) => t.Name === "emailID" && t.Value === emailID));
}

/** The messages delivered to `address`, once the Mailer has handled everything queued so far. */
export async function deliveredTo(address: string): Promise<Received[]> {
  await platformIdle();
  return (await received()).filter((m) => m.Destination?.ToAddresses?.includes(address));
}

/**
 * The mails SES delivered to `address`, newest first, shaped like the outbox's items (`to`, `subject`,
 * `text`) but with their secrets in place: where tests find a mailed link.
 */
export async function mailedTo(address: string) {
  return (await deliveredTo(address))
    .map((m) => ({
      id: m.Tags?.find((t) => t.Name === "emailID")?.Value ?? m.Id,
      to: m.Destination?.ToAddresses ?? [],
      subject: m.Subject ?? "",
      text: m.Body?.text_part ?? "",
      html: m.Body?.html_part ?? undefined,
    }))
    .reverse();
}

/** The stored item as it is in the table (secrets included, if any are left). */
export async function stored(emailID: string) {
  return (await emails.get({ emailID }).go({ consistent: true })).data;
}

/**
 * A mail left as a crashed sender leaves it: `sending`, its lease held until `leaseUntil`. (Written straight
 * to the table: `Email.send` only writes queued mail.)
 */
export async function claimedMail(leaseUntil: number) {
  const emailID = ulid();
  await emails
    .create({
      emailID,
      to: [`held.${emailID.toLowerCase()}@example.com`],
      subject: `Claimed ${emailID}`,
      text: "Body",
      status: "sending",
      lease: `crashed-${ulid()}`,
      leaseUntil,
      ...createdNow(),
    })
    .go();
  return emailID;
}

/**
 * A SendGrid mail as a failed first attempt leaves it: `retrying`, due at `retryAt` with its due-time item.
 * Due later than the real clock, so only a test's own clock makes the Mailer or the retry cron take it.
 */
export async function retryingMail(retryAt: number) {
  const emailID = ulid();
  const written = await transact([
    action(
      emails.create({
        emailID,
        to: [`retrying.${emailID.toLowerCase()}@example.com`],
        subject: `Retrying ${emailID}`,
        text: "Body",
        status: "retrying",
        provider: "sendgrid",
        attempts: 1,
        retryAt,
        ...createdNow(),
      }),
    ),
    action(emailRetries.create({ retryAt, emailID, expiresAt: createdNow().expiresAt })),
  ]);
  if (!written.ok) throw new Error(`retrying mail ${emailID} not written: ${written.codes.join(", ")}`);
  return emailID;
}

/** Queued mail that SES refuses (an illegal address): it stays queued or sending, never sent. */
export async function undeliverableMail() {
  const emailID = ulid();
  await emails
    .create({ emailID, to: ["nobody"], subject: `Undeliverable ${emailID}`, text: "Body", ...createdNow() })
    .go();
  return emailID;
}

/** What `Email.send` stamps on a mail. */
function createdNow() {
  const now = systemClock();
  return { createdAt: now.getTime(), expiresAt: ttl(now, KEEP_DAYS) };
}

/** One message as the local SendGrid server keeps it (stacks/local/sendgrid.ts, `SendGridMessage`). */
export interface SendGridReceived {
  id: string;
  to: string[];
  subject: string;
  text: string | null;
  headers: Record<string, string>;
  customArgs: Record<string, string>;
}

function sendgridUrl(path: string): URL {
  const endpoint = process.env.BOURSE_SENDGRID_URL;
  if (!endpoint) throw new Error("no local SendGrid (BOURSE_SENDGRID_URL): run on the local platform");
  return new URL(path, endpoint);
}

async function sendgridMailbox(): Promise<{ messages: SendGridReceived[]; requests: number }> {
  const response = await fetch(sendgridUrl("/_sendgrid/messages"));
  if (!response.ok) throw new Error(`the local SendGrid mailbox answered ${response.status}`);
  return (await response.json()) as { messages: SendGridReceived[]; requests: number };
}

/** Everything the local SendGrid server accepted so far (`GET /_sendgrid/messages`). */
export async function sendgridReceived(): Promise<SendGridReceived[]> {
  return (await sendgridMailbox()).messages;
}

/** How many sends the local SendGrid server was asked for so far, accepted or refused. */
export async function sendgridRequests(): Promise<number> {
  return (await sendgridMailbox()).requests;
}

/** The local SendGrid server's own chaos switch: `{ status: 429 }`, `{ status: 500 }`, `{}` heals. */
export async function sendgridChaos(settings: { status?: number; delayMs?: number }) {
  const response = await fetch(sendgridUrl("/_chaos"), { method: "POST", body: JSON.stringify(settings) });
  if (!response.ok) throw new Error(`the local SendGrid chaos switch answered ${response.status}`);
}
