/**
 * The environment application code sees locally: the same `SST_RESOURCE_*` variables SST sets on AWS,
 * and SDK endpoints pointing at the emulators. This is what keeps `if (local)` out of the code.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buckets, crons, email, secrets, table, webSocket } from "../topology";

export const APP = "bourse";
export const REGION = "us-east-1";
export const ACCOUNT_ID = "000000000000";
/** One key pair for every emulator: s3rver knows only S3RVER, DynamoDB Local wants letters and digits. */
export const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

export type BucketKey = keyof typeof buckets;
export type SecretName = (typeof secrets)[number];

export interface Endpoints {
  dynamodb: string;
  s3: string;
  ses: string;
  /** The local news providers (stacks/local/news); absent where nothing reads news. */
  tiingo?: string;
  finnhub?: string;
  /** The local Lambda's Invoke API (stacks/local/lambda.ts), for running crons on demand. */
  lambda?: string;
  /** The local SendGrid (stacks/local/sendgrid.ts), the alternative mail provider. */
  sendgrid?: string;
  /** The local Bedrock Runtime (price-data summaries); without it the SDK's own endpoint. */
  bedrock?: string;
  /** The local WebSocket API's management endpoint (stacks/local/realtime.ts); its sockets are `ws://`. */
  realtime?: string;
}

/** The web app's URL, which bucket CORS allows: BOURSE_PUBLIC_URL, else `next dev` on PORT (default 3000). */
export function publicUrlOf(env: NodeJS.ProcessEnv = process.env): string {
  return env.BOURSE_PUBLIC_URL || `http://localhost:${env.PORT || 3000}`;
}

/** Physical names, shaped like SST's `<app>-<stage>-<name>` (buckets lower-case, as S3 requires). */
export function resourceNames(stage: string) {
  const prefix = `${APP}-${stage}`;
  return {
    table: `${prefix}-${table.name}`,
    buckets: Object.fromEntries(
      Object.entries(buckets).map(([key, spec]) => [key, `${prefix}-${spec.name.toLowerCase()}`]),
    ) as Record<BucketKey, string>,
    emailConfigSet: `${prefix}-${email.name.toLowerCase()}`,
    /** Each cron's function, as the platform names its invocations (`context.functionName`). */
    cronFunctions: Object.fromEntries(crons.map((c) => [c.name, `${prefix}-${c.name}`])),
  };
}

/**
 * A random value per topology secret. With a data folder they persist in `secrets.json`, so dev
 * sessions signed with the JWT key survive a restart; without one they are new each time.
 */
export function secretValues(dataDir?: string): Record<SecretName, string> {
  const file = dataDir && join(dataDir, "secrets.json");
  const stored: Partial<Record<SecretName, string>> =
    file && existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const values = Object.fromEntries(
    secrets.map((name) => [name, stored[name] ?? randomBytes(32).toString("base64url")]),
  ) as Record<SecretName, string>;
  if (dataDir && file) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
  }
  return values;
}

export function buildEnv(input: {
  stage: string;
  endpoints: Endpoints;
  secrets: Record<SecretName, string>;
}): Record<string, string> {
  const names = resourceNames(input.stage);
  const resources: Record<string, object> = {
    App: { name: APP, stage: input.stage },
    [table.name]: { name: names.table, type: "sst.aws.Dynamo" },
    [email.name]: { sender: email.sender, configSet: names.emailConfigSet, type: "sst.aws.Email" },
    // As stacks/aws/crons.ts links it: each cron's function name, to invoke it on demand.
    Crons: { functions: names.cronFunctions, type: "sst.sst.Linkable" },
  };
  for (const [key, spec] of Object.entries(buckets))
    resources[spec.name] = { name: names.buckets[key as BucketKey], type: "sst.aws.Bucket" };
  for (const name of secrets) resources[name] = { value: input.secrets[name], type: "sst.sst.Secret" };
  // As SST links an ApiGatewayWebSocket: where clients connect, and where functions post.
  if (input.endpoints.realtime)
    resources[webSocket.name] = {
      url: new URL(input.endpoints.realtime).origin.replace(/^http/, "ws"),
      managementEndpoint: input.endpoints.realtime,
      type: "sst.aws.ApiGatewayWebSocket",
    };

  return {
    ...Object.fromEntries(
      Object.entries(resources).map(([name, value]) => [`SST_RESOURCE_${name}`, JSON.stringify(value)]),
    ),
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: input.endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: input.endpoints.s3,
    AWS_ENDPOINT_URL_SESV2: input.endpoints.ses,
    // The news adapters' base URLs (core/news/providers): the local servers instead of the real APIs.
    ...(input.endpoints.tiingo && { BOURSE_TIINGO_URL: input.endpoints.tiingo }),
    ...(input.endpoints.finnhub && { BOURSE_FINNHUB_URL: `${input.endpoints.finnhub}/api/v1` }),
    ...(input.endpoints.sendgrid ? { BOURSE_SENDGRID_URL: input.endpoints.sendgrid } : {}),
    ...(input.endpoints.lambda ? { AWS_ENDPOINT_URL_LAMBDA: input.endpoints.lambda } : {}),
    ...(input.endpoints.bedrock ? { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: input.endpoints.bedrock } : {}),
    // The price-data summary is written from the numbers unless a shell asks for the (local) Bedrock.
    BOURSE_AI_SUMMARY: process.env.BOURSE_AI_SUMMARY || "numbers",
    // The S3 emulator does not read the SDK's default trailing checksums; browsers' presigned PUTs
    // cannot send them either. Valid on AWS too.
    AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
    AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
    // EMF lines and success logs are for CloudWatch on Lambda; locally they would only flood dev and test
    // output. Warnings and errors (a failed record, a failed invocation) still print; a shell setting wins.
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL || "WARN",
  };
}

/** Links of the right shape whose endpoints nothing answers: for loading code that reads `Resource.*`. */
export function placeholderEnv(stage: string): Record<string, string> {
  const nowhere = "http://127.0.0.1:9";
  return buildEnv({
    stage,
    endpoints: {
      dynamodb: nowhere,
      s3: nowhere,
      ses: nowhere,
      bedrock: nowhere,
      tiingo: nowhere,
      finnhub: nowhere,
      sendgrid: nowhere,
    },
    secrets: Object.fromEntries(secrets.map((name) => [name, stage])) as Record<SecretName, string>,
  });
}
