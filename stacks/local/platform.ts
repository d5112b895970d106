/**
 * The local platform: the topology on one machine. DynamoDB Local, the S3 emulator and a local SES, the
 * table and buckets, stream subscribers, the TTL sweeper, crons and S3 notifications, all invoking the
 * same handlers as on AWS, in this process, with `process.env` set as Lambda's would be.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { buckets, crons, email, subscribers, table, urlFunctions, webSocket } from "../topology";
import { startBedrockLocal } from "./bedrock";
import { startChaosWatcher } from "./chaos";
import { startCrons } from "./crons";
import { ensureTable, startDynamoLocal } from "./dynamo";
import {
  ACCOUNT_ID,
  APP,
  type BucketKey,
  buildEnv,
  CREDENTIALS,
  type Endpoints,
  publicUrlOf,
  REGION,
  resourceNames,
  secretValues,
} from "./env";
import { invokeHandler } from "./handlers";
import { startLambdaLocal } from "./lambda";
import { startFinnhubLocal } from "./news/finnhub";
import type { NewsServer } from "./news/server";
import { startTiingoLocal } from "./news/tiingo";
import { startRealtimeLocal } from "./realtime";
import { startS3Local } from "./s3";
import { type SendGridLocal, startSendGridLocal } from "./sendgrid";
import { type SentEmail, startSesLocal } from "./ses";
import { type StreamRunner, startStreamRunner } from "./streams/runner";
import { startTtlSweeper, type TtlSweeper } from "./ttl-sweeper";
import { startUrlFunctions } from "./url-functions";

export type Log = (msg: string, data?: object) => void;

export interface PlatformOptions {
  /** Where dev data lives across restarts; without it everything is in memory or in temporary folders. */
  dataDir?: string;
  /** Start from empty data (the folder's secrets are kept). */
  fresh?: boolean;
  /** Fixed ports; free ones otherwise. */
  ports?: Partial<Record<keyof Endpoints, number>>;
  /** Fixed ports of URL functions, by topology name; free ones otherwise. */
  functionPorts?: Record<string, number>;
  /** `Resource.App.stage`; names resources `bourse-<stage>-…`. Default "local". */
  stage?: string;
  /** Run the topology's crons on their schedules (default true; tests usually invoke them directly). */
  crons?: boolean;
  ttlSweepIntervalMs?: number;
  /** Apply the product's chaos switches to the local servers (default true; tests set their own chaos). */
  chaos?: boolean;
  /** The web app's URL, the one origin bucket CORS allows; default BOURSE_PUBLIC_URL, else localhost:PORT. */
  publicUrl?: string;
  log?: Log;
}

export interface Platform {
  /** The environment handed to application code; already applied to this process's `process.env`. */
  env: Record<string, string>;
  endpoints: Endpoints;
  /** Each topology URL function's local URL, by name (also in `env` as BOURSE_FUNCTION_URLS, JSON). */
  functionUrls: Record<string, string>;
  names: ReturnType<typeof resourceNames>;
  runner: StreamRunner;
  sweeper: TtlSweeper;
  /** Mail received by the local SES; `chaos(true)` makes it answer 429 TooManyRequestsException. */
  outbox: { list(): SentEmail[]; chaos(fail: boolean): void };
  /** The local news providers; each has a chaos switch (also `POST <endpoint>/_chaos`). */
  news: { tiingo: NewsServer; finnhub: NewsServer };
  /** The local SendGrid (the alternative mail provider), with its chaos switch and its mailbox. */
  sendgrid: SendGridLocal;
  /** Resolves once S3 notifications and stream subscribers have handled everything written so far. */
  idle(timeoutMs?: number): Promise<void>;
  /** Stops everything, Java included, in the reverse order of starting; restores `process.env`. */
  stop(): Promise<void>;
}

const jsonLog: Log = (msg, data) => console.error(JSON.stringify({ msg, ...data }));

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const log = options.log ?? jsonLog;
  const stage = options.stage ?? "local";
  const names = resourceNames(stage);
  const dataDir = options.dataDir && resolve(options.dataDir);
  const scratch = dataDir ?? mkdtempSync(join(tmpdir(), "bourse-platform-"));
  if (dataDir && options.fresh)
    for (const entry of ["dynamodb", "s3", "mail.jsonl", "failed-records.jsonl"])
      rmSync(join(dataDir, entry), { recursive: true, force: true });
  mkdirSync(join(scratch, "s3"), { recursive: true });

  // Stoppers of what has started, run in reverse by stop() or when a later step fails.
  const stoppers: (() => Promise<unknown> | unknown)[] = [];
  if (!dataDir) stoppers.push(() => rmSync(scratch, { recursive: true, force: true }));
  const stop = async () => {
    for (const stopper of stoppers.splice(0).reverse()) {
      try {
        await stopper();
      } catch (error) {
        log("platform: stop step failed", { error: String(error) });
      }
    }
  };

  try {
    const functionName = (name: string) => `${APP}-${stage}-${name}`;
    const secrets = secretValues(dataDir);
    const starting = [
      startDynamoLocal({
        port: options.ports?.dynamodb,
        ...(dataDir ? { dbPath: join(dataDir, "dynamodb") } : { inMemory: true }),
      }),
      startS3Local({
        directory: join(scratch, "s3"),
        port: options.ports?.s3,
        buckets: Object.entries(buckets).map(([key, spec]) => ({
          name: names.buckets[key as BucketKey],
          spec,
        })),
        publicUrl: options.publicUrl ?? publicUrlOf(),
        notify: (notification, event) =>
          invokeHandler(notification.handler, event, { functionName: functionName(notification.name) }),
        log,
      }),
      startSesLocal({
        port: options.ports?.ses,
        region: REGION,
        identities: [email.sender],
        mailFile: dataDir && join(dataDir, "mail.jsonl"),
      }),
      startTiingoLocal({ port: options.ports?.tiingo, apiKey: secrets.TiingoApiKey }),
      startFinnhubLocal({ port: options.ports?.finnhub, apiKey: secrets.FinnhubApiKey }),
      // Crons on demand (an admin's "run now"): the same handler as the schedule, through Lambda's Invoke API.
      startLambdaLocal({
        port: options.ports?.lambda,
        region: REGION,
        accountId: ACCOUNT_ID,
        functions: Object.fromEntries(
          crons.map((cron) => [
            functionName(cron.name),
            (event: unknown) => invokeHandler(cron.handler, event, { functionName: functionName(cron.name) }),
          ]),
        ),
        log,
      }),
      startBedrockLocal({ port: options.ports?.bedrock }),
      startSendGridLocal({ port: options.ports?.sendgrid, apiKey: secrets.SendGridApiKey }),
    ] as const;
    // A fixed stop order whatever starts first: DynamoDB last, as S3 notifications in flight may write to it.
    for (const service of starting) stoppers.push(async () => (await service.catch(() => undefined))?.stop());
    const [dynamo, s3, ses, tiingo, finnhub, lambda, bedrock, sendgrid] = await Promise.all(starting);
    // The WebSocket API: its routes' handlers run here, as the subscribers' do.
    const realtime = await startRealtimeLocal({
      api: webSocket,
      port: options.ports?.realtime,
      invoke: (route, event) =>
        invokeHandler(route.handler, event, { functionName: functionName(route.name) }),
      log,
    });
    stoppers.push(() => realtime.stop());
    const endpoints = {
      dynamodb: dynamo.endpoint,
      s3: s3.endpoint,
      ses: ses.endpoint,
      tiingo: tiingo.endpoint,
      finnhub: finnhub.endpoint,
      lambda: lambda.endpoint,
      bedrock: bedrock.endpoint,
      sendgrid: sendgrid.endpoint,
      realtime: realtime.endpoint,
    };

    const env = buildEnv({ stage, endpoints, secrets });
    // Handlers build mailed links from it (the price-data report), as on AWS.
    env.BOURSE_PUBLIC_URL = options.publicUrl ?? publicUrlOf();
    // Chaos switches break these servers for real (below): adapters must not act them out too.
    env.BOURSE_CHAOS_AT_PROVIDER = "1";
    const previousEnv = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    Object.assign(process.env, env);
    stoppers.push(() => {
      for (const [key, value] of Object.entries(previousEnv))
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    });

    const clientConfig = { endpoint: endpoints.dynamodb, region: REGION, credentials: CREDENTIALS };
    const dynamoClient = new DynamoDBClient(clientConfig);
    const streamsClient = new DynamoDBStreamsClient(clientConfig);
    // As core's client: no SDK log filtering of every GetRecords page for a no-op logger.
    dynamoClient.middlewareStack.remove("loggerMiddleware");
    streamsClient.middlewareStack.remove("loggerMiddleware");
    stoppers.push(() => {
      dynamoClient.destroy();
      streamsClient.destroy();
    });
    await ensureTable(dynamoClient, table, names.table);

    const failedRecords = dataDir && join(dataDir, "failed-records.jsonl");
    const runner = startStreamRunner({
      dynamo: dynamoClient,
      streams: streamsClient,
      tableName: names.table,
      region: REGION,
      subscribers,
      invoke: (subscriber, event) =>
        invokeHandler(subscriber.handler, event, { functionName: functionName(subscriber.name) }),
      onFailure(subscriber, records, error) {
        log("stream records failed for good", {
          subscriber: subscriber.name,
          records: records.length,
          error: String(error),
        });
        if (failedRecords)
          appendFileSync(
            failedRecords,
            `${JSON.stringify({ at: new Date().toISOString(), subscriber: subscriber.name, error: String(error), records })}\n`,
          );
      },
      log,
    });
    stoppers.push(() => runner.stop());

    const sweeper = startTtlSweeper({
      dynamo: dynamoClient,
      tableName: names.table,
      attribute: table.ttl,
      intervalMs: options.ttlSweepIntervalMs ?? 10_000,
      log,
    });
    stoppers.push(() => sweeper.stop());

    const functions = await startUrlFunctions({
      functions: urlFunctions,
      ports: options.functionPorts,
      invoke: (fn, event) => invokeHandler(fn.handler, event, { functionName: functionName(fn.name) }),
      log,
    });
    stoppers.push(() => functions.stop());
    const previousUrls = process.env.BOURSE_FUNCTION_URLS;
    env.BOURSE_FUNCTION_URLS = JSON.stringify(functions.urls);
    process.env.BOURSE_FUNCTION_URLS = env.BOURSE_FUNCTION_URLS;
    stoppers.push(() => {
      if (previousUrls === undefined) delete process.env.BOURSE_FUNCTION_URLS;
      else process.env.BOURSE_FUNCTION_URLS = previousUrls;
    });

    if (options.chaos !== false) {
      const watcher = startChaosWatcher({
        // Core is loaded at the first poll, not before the platform is up (and with its env applied).
        // Through the switches' 5-second cache, as every instance on AWS reads them (Chaos.current).
        read: async () => (await import("../../packages/core/src/resilience/chaos")).current(),
        targets: { tiingo, finnhub, bedrock, ses, sendgrid },
        log,
      });
      stoppers.push(() => watcher.stop());
    }

    if (options.crons !== false) {
      const schedules = startCrons({
        crons,
        region: REGION,
        invoke: (cron, event) =>
          invokeHandler(cron.handler, event, { functionName: functionName(cron.name) }),
        log,
      });
      stoppers.push(() => schedules.stop());
    }

    return {
      env,
      endpoints,
      functionUrls: functions.urls,
      names,
      runner,
      sweeper,
      outbox: { list: () => ses.messages(), chaos: (fail) => ses.chaos(fail) },
      news: { tiingo, finnhub },
      sendgrid,
      async idle(timeoutMs) {
        // A notification's handler may write items and a subscriber may write objects: settle both ways.
        await lambda.idle();
        await s3.idle();
        await runner.idle(timeoutMs);
        await s3.idle();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
