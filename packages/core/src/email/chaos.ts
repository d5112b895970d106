/**
 * The `email` chaos switch acted out by the Mailer itself (on AWS; locally the SES and SendGrid servers
 * misbehave for real): the provider's own refusal, or its silence until the send's timeout.
 */
import * as Chaos from "../resilience/chaos";
import type { Clock } from "../util/clock";
import { type Provider, ProviderError, SEND_TIMEOUT_MS } from "./provider";

export const actOutChaos = (provider: Provider, now: Clock): Promise<void> =>
  Chaos.actOut(
    "email",
    now,
    (status, mode) => new ProviderError(provider, status, `chaos: ${mode}`),
    SEND_TIMEOUT_MS,
  );
