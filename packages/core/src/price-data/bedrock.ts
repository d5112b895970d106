import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandOutput,
} from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { ExponentialBackoff, handleWhen, retry } from "cockatiel";
import * as Breaker from "../resilience/breaker";
import * as Chaos from "../resilience/chaos";
import { type Clock, systemClock } from "../util/clock";

/**
 * The adapter over Amazon Bedrock Runtime's Converse API (Nova Lite). The SDK signs with SigV4 and finds
 * its endpoint as on AWS (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME` points it at the local Converse server).
 * Retries are ours, not the SDK's: up to 5 attempts with exponential backoff on throttling and 5xx. The
 * whole retried call goes through the `bedrock` circuit breaker: while it is open, Unavailable at once.
 */

export const MODEL = "amazon.nova-lite-v1:0";
/** Nova Lite's on-demand prices, USD per 1,000 tokens. */
export const PRICE_PER_1K = { input: 0.00006, output: 0.00024 };
export const MAX_ATTEMPTS = 5;

export function costOf(tokensIn: number, tokensOut: number): number {
  return (tokensIn / 1000) * PRICE_PER_1K.input + (tokensOut / 1000) * PRICE_PER_1K.output;
}

/** The model id to call: the setting, for regions that need an inference profile (`us.amazon.nova-lite-v1:0`). */
export const modelId = () => process.env.BOURSE_BEDROCK_MODEL || MODEL;

// HTTP/1.1: Converse is a plain request (the SDK's default HTTP/2 handler is for the streaming APIs).
const client = new BedrockRuntimeClient({
  maxAttempts: 1,
  requestHandler: new NodeHttpHandler({ connectionTimeout: 5000, requestTimeout: 60_000 }),
});

export interface Answer {
  text: string;
  tokensIn: number;
  tokensOut: number;
  attempts: number;
}

/** Bedrock could not be reached or kept refusing: the caller falls back. */
export class Unavailable extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
  }
}

/** Throttling, a model not ready or timing out, and server errors are worth another attempt; the rest are not. */
export function retryable(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined) return status === 429 || status === 408 || status >= 500;
  // No answer at all (connection refused, reset): the service is unavailable for now.
  return e instanceof Error && !(e instanceof Unavailable);
}

export interface Options {
  /** The first backoff delay; doubled each retry (tests make it short). */
  initialDelayMs?: number;
  maxTokens?: number;
  now?: Clock;
}

/** A chaos switch acted out here (on AWS; locally the Converse server misbehaves for real): "slow" at once as a 408. */
const actOutChaos = (now: Clock) =>
  Chaos.actOut("bedrock", now, (status, mode) =>
    Object.assign(new Error(`chaos: ${mode}`), {
      name: "ChaosError",
      $metadata: { httpStatusCode: status ?? 408 },
    }),
  );

/** One conversation turn: the system prompt and the user's text; the model's text and the tokens used. */
export async function converse(system: string, prompt: string, options: Options = {}): Promise<Answer> {
  let attempts = 0;
  const policy = retry(handleWhen(retryable), {
    maxAttempts: MAX_ATTEMPTS - 1,
    backoff: new ExponentialBackoff({ initialDelay: options.initialDelayMs ?? 250, maxDelay: 8000 }),
  });
  const now = options.now ?? systemClock;
  let output: ConverseCommandOutput;
  try {
    output = await Breaker.call(
      "bedrock",
      () =>
        policy.execute(async () => {
          attempts++;
          await actOutChaos(now);
          return client.send(
            new ConverseCommand({
              modelId: modelId(),
              system: [{ text: system }],
              messages: [{ role: "user", content: [{ text: prompt }] }],
              inferenceConfig: { maxTokens: options.maxTokens ?? 2000, temperature: 0.2 },
            }),
          );
        }),
      now,
      { isFailure: retryable },
    );
  } catch (error) {
    if (error instanceof Breaker.OpenError) throw new Unavailable(error.message, 0);
    const e = error as { name?: string; message?: string };
    throw new Unavailable(`${e?.name ?? "Error"}: ${e?.message ?? String(error)}`.slice(0, 300), attempts);
  }
  const text =
    output.output && "message" in output.output ? output.output.message?.content?.[0]?.text : undefined;
  return {
    text: text ?? "",
    tokensIn: output.usage?.inputTokens ?? 0,
    tokensOut: output.usage?.outputTokens ?? 0,
    attempts,
  };
}
