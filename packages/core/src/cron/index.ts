export * as Cron from "./index";

import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { Resource } from "sst";
import { ulid } from "ulid";
import * as z from "zod";
import { NotFoundError } from "../error";
import * as User from "../user";
import { type Clock, systemClock } from "../util/clock";

/**
 * The topology's crons, run on demand by an administrator. Each cron's function reaches this code through
 * the `Crons` link (its function name per cron, with the right to invoke them); the invocation is Lambda's
 * own asynchronous Invoke, answered at once. Locally the platform serves that API on loopback
 * (AWS_ENDPOINT_URL_LAMBDA) and runs the same handler, so nothing here knows where it runs.
 */

export const Info = z.object({ name: z.string() });
export type Info = z.infer<typeof Info>;

export const Run = z.object({
  name: z.string(),
  requestedAt: z.number().describe("epoch milliseconds"),
  id: z.string().describe("the event id the handler sees"),
});
export type Run = z.infer<typeof Run>;

/** Endpoint and credentials from the environment, as every SDK client of core. */
const lambda = new LambdaClient({});

function functions(): Record<string, string> {
  return Resource.Crons.functions;
}

/** Every cron by name (administrators). */
export async function list(): Promise<Info[]> {
  await User.assertAdmin();
  return Object.keys(functions())
    .sort()
    .map((name) => ({ name }));
}

/**
 * Runs a cron now: its function gets the event a schedule would send (an EventBridge `Scheduled Event`,
 * `detail.requestedBy` saying who asked), asynchronously. Administrators only; an unknown name is NotFound.
 */
export async function run(name: string, now: Clock = systemClock): Promise<Run> {
  const by = await User.assertAdmin();
  const functionName = Object.hasOwn(functions(), name) ? functions()[name] : undefined;
  if (!functionName) throw new NotFoundError(`No cron named ${name.slice(0, 60)}`);
  const at = now();
  const id = ulid(at.getTime());
  const event = {
    version: "0",
    id,
    "detail-type": "Scheduled Event",
    source: "bourse.admin",
    time: `${at.toISOString().slice(0, 19)}Z`,
    resources: [],
    detail: { requestedBy: by },
  };
  await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: "Event",
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    }),
  );
  return { name, requestedAt: at.getTime(), id };
}
