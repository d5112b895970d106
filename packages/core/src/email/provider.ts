/**
 * Where mail goes out: SES (the default, the stage's Email component) or SendGrid's v3 Mail Send API,
 * chosen by BOURSE_MAIL_PROVIDER: where the queuing process sets it, the mail is bound to it when queued;
 * else the Mailer's own setting binds it at its first attempt. A mail keeps its provider through every
 * retry: its message id belongs to it, and a switch of configuration mid-retry cannot make two providers
 * send it.
 */
import * as z from "zod";

export const Provider = z.enum(["ses", "sendgrid"]);
export type Provider = z.infer<typeof Provider>;

/** The provider this process is configured for, if it is (an unknown name counts as SES). */
export function configured(env: NodeJS.ProcessEnv = process.env): Provider | undefined {
  return env.BOURSE_MAIL_PROVIDER ? Provider.catch("ses").parse(env.BOURSE_MAIL_PROVIDER) : undefined;
}

/** One message as the adapters send it, secrets in place. */
export interface Outgoing {
  emailID: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

/**
 * A send the provider refused or that did not get through. `retryable`: throttled (429), the provider's
 * fault (5xx) or no answer at all; anything else (a bad address, a refused sender) will not get better.
 */
export class ProviderError extends Error {
  constructor(
    readonly provider: Provider,
    readonly status: number | undefined,
    message: string,
  ) {
    super(`${provider}${status ? ` ${status}` : ""}: ${message}`);
  }
  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
}

/** How long one send may take: far inside the claim's lease, so a live sender never loses it. */
export const SEND_TIMEOUT_MS = 10_000;
