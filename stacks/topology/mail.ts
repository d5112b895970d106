/**
 * Mail: email items are an outbox; the mailer sends each inserted one through its provider (SES, or
 * SendGrid when BOURSE_MAIL_PROVIDER=sendgrid); the MailRetry cron re-sends throttled or failed mail when due.
 */
import { entityFilter } from "./filter";
import type { Cron } from "./functions";
import { subscriber } from "./subscriber";

/** The provider choice and SendGrid's base URL (unset: SES, and SendGrid's real API). */
export const mailEnvironment = ["BOURSE_MAIL_PROVIDER", "BOURSE_SENDGRID_URL"] as const;

export const email = { name: "Email", sender: "noreply@bourse.dev" } as const;

export const subscribers = [
  subscriber({
    name: "Mailer",
    handler: "packages/functions/src/streams/mailer.handler",
    filters: entityFilter("email", ["INSERT"]),
    environment: mailEnvironment,
  }),
] as const;

export const crons = [
  {
    name: "MailRetry",
    handler: "packages/functions/src/cron/mail-retry.handler",
    schedule: "rate(1 minute)",
    environment: mailEnvironment,
  },
] as const satisfies readonly Cron[];

/** SendGridApiKey: the alternative mail provider's key (`sst secret set`). */
export const secrets = ["SendGridApiKey"] as const;

/** Where queued mail is bound, for the web app too (it queues sign-in links). */
export const webEnvironment = ["BOURSE_MAIL_PROVIDER"] as const;

/** A retrying mail's due-time item: bookkeeping. */
export const operationalEntities = ["emailRetry"] as const;
