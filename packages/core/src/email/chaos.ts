/**
 * The `email` chaos switch acted out by the Mailer itself (on AWS; locally the SES and SendGrid servers
 * misbehave for real): the provider's own refusal, or its silence until the send's timeout.
 */
import * as Chaos from "../resilience/chaos";
import type { Clock } from "../util/clock";
import { type Provider, ProviderError, SEND_TIMEOUT_MS } from "./provider";

const STATUS = { error: 500, rate_limit: 429, slow: undefined } as const;

export async function actOutChaos(provider: Provider, now: Clock): Promise<void> {
  const mode = await Chaos.simulated("email", now);
  if (mode === "off") return;
  if (mode === "slow") await new Promise((done) => setTimeout(done, SEND_TIMEOUT_MS));
  throw new ProviderError(provider, STATUS[mode], `chaos: ${mode}`);
}
