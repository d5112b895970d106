export * as Email from "./index";

import type { EntityItem } from "electrodb";
import { Resource } from "sst";
import { ulid } from "ulid";
import * as z from "zod";
import { ignoreConditionalFailure, ttl } from "../dynamo";
import { action, transact } from "../dynamo/transaction";
import * as Breaker from "../resilience/breaker";
import * as User from "../user";
import { type Clock, systemClock } from "../util/clock";
import { encodeCursor } from "../util/cursor";
import { fn } from "../util/fn";
import { fromCursor } from "../util/page";
import { actOutChaos } from "./chaos";
import { emailRetries, emails } from "./entities";
import { configured, type Outgoing, type Provider, ProviderError } from "./provider";
import { MAX_ATTEMPTS, retryDelay } from "./retry";
import { sendSendGrid } from "./sendgrid";
import { sendSes } from "./ses";

export { Provider } from "./provider";
export { MAX_ATTEMPTS, retryDelay } from "./retry";

/**
 * Outgoing mail, outbox style: `send` only writes an `email` item; the Mailer stream subscriber delivers it
 * through its provider (SES, or SendGrid by configuration) and records the outcome. A throttled or failed
 * send is not retried in place: the mail becomes `retrying` with a due time, and the MailRetry cron tries
 * it again then (`retryDue`), so one provider's bad minute holds up no other mail and no stream shard.
 * After MAX_ATTEMPTS the mail is `dead` (`queue()` counts them for the status page). Items expire after 30 days.
 * Every send goes through the `email` circuit breaker: while it is open a mail is not sent but held
 * (`retrying`, due once the breaker may probe again), which costs none of its attempts.
 *
 * Secrets a mail carries (sign-in links, reset links) never appear in what is stored for reading: the text
 * holds a `{{name}}` placeholder, the value waits in a separate attribute that only delivery reads, and it
 * is removed once the mail is sent or given up. Every listing shows the placeholder as "[<label> hidden]".
 *
 * Reading the outbox and sending samples is for administrators (`User.assertAdmin`); `send` is for the
 * product's own code (it is how core mails users) and no route exposes it.
 */
export const Status = z.enum(["queued", "sending", "sent", "failed", "retrying", "dead"]);

export const Info = z.object({
  id: z.string(),
  to: z.array(z.email()).min(1),
  subject: z.string(),
  text: z.string().describe("the text as mailed, with every secret it carries shown as [<label> hidden]"),
  html: z.string().optional(),
  status: Status,
  provider: z.enum(["ses", "sendgrid"]).optional(),
  attempts: z.number().optional().describe("sends tried so far"),
  retryAt: z.number().optional().describe("while retrying: when the next attempt is due (epoch ms)"),
  messageID: z.string().optional(),
  error: z.string().optional(),
  createdAt: z.number().describe("epoch milliseconds"),
  sentAt: z.number().optional(),
});
export type Info = z.infer<typeof Info>;

/** How long the outbox keeps a mail. */
export const KEEP_DAYS = 30;

/** How long a sender holds a mail it claimed: past this, a successor may take it over (the sender crashed). */
export const LEASE_MS = 60_000;

type Item = EntityItem<typeof emails>;

const SecretName = z.string().regex(/^[a-zA-Z]\w{0,39}$/, "letters, digits and _");
const PLACEHOLDER = /\{\{([a-zA-Z]\w{0,39})\}\}/g;

const SendInput = z
  .object({
    /** A ULID fixed by the caller, so that sending again (a replayed event) queues no second mail. */
    id: z
      .string()
      .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)
      .optional(),
    to: z.union([z.email(), z.array(z.email()).min(1).max(50)]),
    subject: z.string().min(1).max(200),
    /** `{{name}}` marks where the secret `name` goes. */
    text: z.string().min(1).max(100_000),
    html: z.string().max(200_000).optional(),
    /** Extra headers (`List-Unsubscribe`, ...); `{{name}}` secrets may go in their values too. */
    headers: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,60}$/, "a header name"), z.string().max(2000))
      .optional(),
    secrets: z
      .record(
        SecretName,
        z.object({
          value: z.string().min(1).max(4000),
          label: z.string().min(1).max(60).describe('shown as "[<label> hidden]" in every listing'),
        }),
      )
      .optional(),
  })
  .superRefine((mail, ctx) => {
    for (const name of Object.keys(mail.secrets ?? {}))
      if (
        ![mail.text, mail.html ?? "", ...Object.values(mail.headers ?? {})].some((t) =>
          t.includes(`{{${name}}}`),
        )
      )
        ctx.addIssue({ code: "custom", path: ["secrets", name], message: `no {{${name}}} in the mail` });
  });

export const send = /* @__PURE__ */ fn(SendInput, async (input, now: Clock = systemClock) => {
  const secrets = Object.entries(input.secrets ?? {});
  const at = now();
  const emailID = input.id ?? ulid();
  const created = emails
    .create({
      emailID,
      createdAt: at.getTime(),
      expiresAt: ttl(at, KEEP_DAYS),
      to: Array.isArray(input.to) ? input.to : [input.to],
      subject: input.subject,
      text: input.text,
      html: input.html,
      headers: input.headers,
      provider: configured(),
      ...(secrets.length
        ? {
            secrets: Object.fromEntries(secrets.map(([name, s]) => [name, s.value])),
            hidden: Object.fromEntries(secrets.map(([name, s]) => [name, s.label])),
          }
        : {}),
    })
    .go();
  if (!input.id) return serialize((await created).data);
  const item = await ignoreConditionalFailure(created);
  return serialize(item ? item.data : ((await read(emailID)) as Item));
});

/** Domains reserved for examples and tests (RFC 2606): mail to them can never reach a real person. */
const RESERVED = /@(?:[^@]+\.)?(?:example\.(?:com|org|net)|[^@]+\.test)$/i;

const SendSampleInput = z.object({
  to: z
    .email()
    .regex(RESERVED, "must be an address in a reserved domain (example.com/.org/.net, *.test)")
    .describe("an address at example.com, example.org, example.net or *.test"),
  subject: z.string().min(1).max(200),
  text: z.string().min(1).max(100_000),
});

/**
 * A sample message, as operators send it from the outbox page or API (admins only): any stage accepts it
 * because it only goes to reserved domains.
 */
export const sendSample = /* @__PURE__ */ fn(SendSampleInput, async (input) => {
  await User.assertAdmin();
  return send(input);
});

/** One mail, redacted (admins only). */
export async function get(id: string): Promise<Info | undefined> {
  await User.assertAdmin();
  const item = await read(id);
  return item && serialize(item);
}

const ListInput = z.object({
  cursor: z.string().optional().describe("the `cursor` of the previous page (opaque)"),
  limit: z.number().int().min(1).max(100).default(25),
});

export const list = /* @__PURE__ */ fn(ListInput, async ({ cursor, limit }) => {
  await User.assertAdmin();
  const page = await fromCursor(cursor, (raw) =>
    emails.query.outbox({}).go({ order: "desc", limit, cursor: raw }),
  );
  return { items: page.data.map(serialize), cursor: encodeCursor(page.cursor) };
});

/** Raised when another sender holds an unexpired claim: try again later (it ends sent, or the lease lapses). */
export class BusyError extends Error {
  constructor(readonly leaseUntil: number) {
    super(`the mail is being sent by another delivery until ${new Date(leaseUntil).toISOString()}`);
  }
}

/** What one delivery did: sent it; found it done (or not due); recorded a retry or its death; or held it. */
export type Outcome = "sent" | "skipped" | "retrying" | "dead" | "held";

/** The breaker every send counts against: the mail provider, whichever is configured (the chaos target). */
export const BREAKER = "email" satisfies Breaker.Service;

export interface DeliverOptions {
  /** The breaker to count against instead of BREAKER (tests: one of their own, on a clock of their own). */
  breaker?: string;
}

/**
 * Hand a mail to its provider, once however many deliveries overlap: claim it first (`queued`, or a due
 * `retrying`, → `sending`, conditional, with a lease), send through the breaker, then record the outcome
 * while still holding the lease. A send the open breaker refuses was no attempt: the mail is held. A claim whose lease has lapsed (its sender crashed) is taken over. Mail already sent, failed,
 * dead or not yet due is skipped; mail claimed by a live sender raises BusyError so the caller retries.
 * A refused send is recorded, never thrown: 429/5xx/no answer → `retrying` (or `dead` after the last
 * attempt), any other refusal → `dead`. (A sender that crashes after the provider accepted and before it
 * recorded `sent` leaves a lease that lapses, and its successor sends again: neither SES nor SendGrid
 * takes an idempotency key. README, "Alerts and mail delivery".)
 */
export async function deliver(
  id: string,
  now: Clock = systemClock,
  options: DeliverOptions = {},
): Promise<Outcome> {
  const lease = ulid();
  const claimed = await claim(id, lease, now);
  if (claimed.kind === "done") return "skipped";
  if (claimed.kind === "busy") throw new BusyError(claimed.leaseUntil);
  const email = claimed.item;
  const reveal = (text: string) => fill(text, (name) => email.secrets?.[name]);
  const outgoing: Outgoing = {
    emailID: email.emailID,
    from: Resource.Email.sender,
    to: email.to,
    subject: email.subject,
    text: reveal(email.text),
    html: email.html === undefined ? undefined : reveal(email.html),
    headers: email.headers
      ? Object.fromEntries(
          Object.entries(email.headers as Record<string, string>).map(([k, v]) => [k, reveal(v)]),
        )
      : undefined,
  };
  const held = heldBy(lease);
  const provider = email.provider ?? configured() ?? "ses";
  const accepted: { messageID?: string; yes?: true } = {};
  try {
    await Breaker.call(
      options.breaker ?? BREAKER,
      async () => {
        await actOutChaos(provider, now);
        accepted.messageID = await adapter(provider)(outgoing);
        accepted.yes = true;
      },
      now,
      // The provider failing, not the mail: a refused address says nothing of the service's health.
      { isFailure: (error) => error instanceof ProviderError && error.retryable },
    );
  } catch (error) {
    // Once accepted, only the breaker's bookkeeping can have failed: the mail is sent all the same.
    if (!accepted.yes) {
      if (error instanceof Breaker.OpenError) return hold({ ...email, provider }, lease, now);
      if (!(error instanceof ProviderError)) {
        // Not a provider's answer (a bug, a config error): give the claim back and let the caller retry.
        await ignoreConditionalFailure(
          emails
            .patch({ emailID: id })
            .set({ status: "queued" })
            .remove(["lease", "leaseUntil"])
            .where(held)
            .go(),
        );
        throw error;
      }
      return recordFailure({ ...email, provider }, lease, error, now);
    }
  }
  const { messageID } = accepted;
  // Lost only if a successor took over a lapsed lease: it then records the outcome itself.
  await ignoreConditionalFailure(
    emails
      .patch({ emailID: id })
      .set({
        status: "sent",
        provider,
        messageID,
        sentAt: now().getTime(),
        attempts: (email.attempts ?? 0) + 1,
      })
      .remove(["secrets", "lease", "leaseUntil", "retryAt"])
      .where(held)
      .go(),
  );
  return "sent";
}

/**
 * The condition of every write of a claimed mail: still ours (a successor may have taken a lapsed lease).
 * Typed `never` so it fits each chain's `where` (ElectroDB types the callback per chain).
 */
const heldBy = (lease: string) =>
  // biome-ignore lint/suspicious/noExplicitAny: ElectroDB's attribute and operation proxies
  ((a: any, op: any) => `${op.eq(a.status, "sending")} AND ${op.eq(a.lease, lease)}`) as never;

function adapter(provider: Provider): (mail: Outgoing) => Promise<string | undefined> {
  return provider === "sendgrid" ? sendSendGrid : sendSes;
}

/** The attempt failed: due again after the backoff (with its due-time item, atomically), or dead. */
async function recordFailure(email: Item, lease: string, error: ProviderError, now: Clock): Promise<Outcome> {
  const attempts = (email.attempts ?? 0) + 1;
  const at = now().getTime();
  const reason = error.message.slice(0, 1000);
  const held = heldBy(lease);
  if (!error.retryable || attempts >= MAX_ATTEMPTS) {
    await ignoreConditionalFailure(
      emails
        .patch({ emailID: email.emailID })
        .set({ status: "dead", provider: email.provider, attempts, error: reason })
        .remove(["secrets", "lease", "leaseUntil", "retryAt"])
        .where(held)
        .go(),
    );
    return "dead";
  }
  return requeue(email, lease, { attempts, retryAt: at + retryDelay(attempts), error: reason }, now);
}

/**
 * The open breaker refused the send: nothing reached the provider, so no attempt is counted. Due again
 * after the cool-down, when the breaker lets one probe through.
 */
function hold(email: Item, lease: string, now: Clock): Promise<Outcome> {
  const retryAt = now().getTime() + Breaker.COOL_DOWN_MS;
  return requeue(
    email,
    lease,
    { attempts: email.attempts ?? 0, retryAt, error: "circuit open" },
    now,
    "held",
  );
}

/** Back to `retrying` until `retryAt`, with its due-time item, atomically. */
async function requeue(
  email: Item,
  lease: string,
  next: { attempts: number; retryAt: number; error: string },
  now: Clock,
  outcome: Outcome = "retrying",
): Promise<Outcome> {
  await transact([
    action(
      emails
        .patch({ emailID: email.emailID })
        .set({ status: "retrying", provider: email.provider, ...next })
        .remove(["lease", "leaseUntil"])
        .where(heldBy(lease)),
    ),
    action(
      emailRetries.create({
        retryAt: next.retryAt,
        emailID: email.emailID,
        expiresAt: ttl(now(), KEEP_DAYS),
      }),
    ),
  ]);
  // Cancelled only if a successor took the lapsed lease over: it records the outcome itself.
  return outcome;
}

/**
 * The MailRetry cron: each retrying mail due by now, attempted again (oldest due first, `limit` at most).
 * A due item is deleted once its attempt is recorded; one whose mail is busy stays for the next run. A
 * mail held by the open breaker ends the run: the rest stay due, untouched, for the next one.
 */
export async function retryDue(
  now: Clock = systemClock,
  limit = 100,
  options: DeliverOptions = {},
): Promise<Record<Outcome, number>> {
  const due = await emailRetries.query
    .primary({})
    .lte({ retryAt: now().getTime() })
    .go({ limit, consistent: true });
  const counts: Record<Outcome, number> = { sent: 0, skipped: 0, retrying: 0, dead: 0, held: 0 };
  for (const item of due.data) {
    let outcome: Outcome;
    try {
      outcome = await deliver(item.emailID, now, options);
    } catch (error) {
      if (error instanceof BusyError) continue;
      throw error;
    }
    counts[outcome]++;
    await emailRetries.delete({ retryAt: item.retryAt, emailID: item.emailID }).go();
    if (outcome === "held") break;
  }
  return counts;
}

/** The mail queue for the status page (admins): counts by status over the outbox, and the latest dead. */
export async function queue() {
  await User.assertAdmin();
  const all = await emails.query
    .outbox({})
    .go({ order: "desc", pages: "all", attributes: ["emailID", "status"] });
  const counts = Object.fromEntries(Status.options.map((s) => [s, 0])) as Record<
    z.infer<typeof Status>,
    number
  >;
  for (const item of all.data) counts[item.status]++;
  const dead = all.data.filter((m) => m.status === "dead").slice(0, 20);
  const items = await Promise.all(dead.map(async (m) => serialize((await read(m.emailID)) as Item)));
  return { counts, dead: items };
}

type Claim = { kind: "claimed"; item: Item } | { kind: "busy"; leaseUntil: number } | { kind: "done" };

/**
 * Claim `id` for this delivery. A refused claim reads why: sent, failed or gone is done; a live lease is busy;
 * queued again means the holder gave it back between our try and our read (its send failed), so try again.
 */
async function claim(id: string, lease: string, now: Clock): Promise<Claim> {
  for (;;) {
    const at = now().getTime();
    const claimed = await ignoreConditionalFailure(
      emails
        .patch({ emailID: id })
        .set({ status: "sending", lease, leaseUntil: at + LEASE_MS })
        .where(
          (a, op) =>
            `${op.eq(a.status, "queued")} OR (${op.eq(a.status, "retrying")} AND ${op.lte(a.retryAt, at)}) OR (${op.eq(a.status, "sending")} AND ${op.lt(a.leaseUntil, at)})`,
        )
        .go({ response: "all_new" }),
    );
    if (claimed) return { kind: "claimed", item: claimed.data as Item };
    const current = await read(id);
    if (current?.status === "sending" && (current.leaseUntil ?? 0) >= at)
      return { kind: "busy", leaseUntil: current.leaseUntil ?? at };
    if (current?.status !== "queued" && current?.status !== "sending") return { kind: "done" };
  }
}

/** Give up on an email (an operator's call): from queued, sending or retrying; drops its secrets. */
export async function fail(id: string, reason: string) {
  await ignoreConditionalFailure(
    emails
      .patch({ emailID: id })
      .set({ status: "failed", error: reason.slice(0, 1000) })
      .remove(["secrets", "lease", "leaseUntil"])
      .where(
        (a, op) =>
          `${op.eq(a.status, "queued")} OR ${op.eq(a.status, "sending")} OR ${op.eq(a.status, "retrying")}`,
      )
      .go(),
  );
}

async function read(id: string): Promise<Item | undefined> {
  const item = await emails.get({ emailID: id }).go({ consistent: true });
  return item.data ?? undefined;
}

/** Each known `{{name}}` replaced by `value(name)`; unknown placeholders are left as written. */
function fill(text: string, value: (name: string) => string | undefined): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => value(name) ?? whole);
}

function serialize(item: Item): Info {
  const hidden = (item.hidden ?? {}) as Record<string, string>;
  const redact = (text: string) =>
    fill(text, (name) => (name in hidden ? `[${hidden[name]} hidden]` : undefined));
  return {
    id: item.emailID,
    to: item.to,
    subject: item.subject,
    text: redact(item.text),
    html: item.html === undefined ? undefined : redact(item.html),
    status: item.status,
    provider: item.provider,
    attempts: item.attempts,
    retryAt: item.retryAt,
    messageID: item.messageID,
    error: item.error,
    createdAt: item.createdAt,
    sentAt: item.sentAt,
  };
}
