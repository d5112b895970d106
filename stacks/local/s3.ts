/**
 * The S3 emulator (s3rver's maintained fork, patched in patches/) with the topology's buckets: CORS for
 * presigned browser uploads and object-created notifications delivered as Lambda `S3Event`s.
 */
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { S3Event, S3EventRecord } from "aws-lambda";
import { type BucketCors, type BucketSpec, corsFor } from "../topology";

type Notification = NonNullable<BucketSpec["notifications"]>[number];

export interface S3LocalOptions {
  /** Where objects live: `<dataDir>/s3` in dev, a temporary folder in tests. */
  directory: string;
  port?: number;
  /** Physical bucket names with their topology specs. */
  buckets: { name: string; spec: BucketSpec }[];
  /** The web app's URL: the only origin bucket CORS allows (BOURSE_PUBLIC_URL, as on AWS). */
  publicUrl: string;
  /** Delivers one notification, as S3 invokes Lambda asynchronously; a rejection is retried. */
  notify(notification: Notification, event: S3Event): Promise<unknown>;
  log?(message: string): void;
}

export interface S3Local {
  endpoint: string;
  port: number;
  /** Resolves once every notification emitted so far has been delivered or given up. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface S3rver {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: "event", listener: (event: S3Event) => void): void;
  httpServer: Server;
}

const S3rverClass: new (options: object) => S3rver = createRequire(import.meta.url)("@20minutes/s3rver");

/** Async Lambda invocations are retried twice; locally the waits are short. */
const RETRY_DELAYS_MS = [200, 1000];

export async function startS3Local(options: S3LocalOptions): Promise<S3Local> {
  const server = new S3rverClass({
    address: "127.0.0.1",
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    configureBuckets: options.buckets.map(({ name, spec }) => {
      const cors = corsFor(spec, options.publicUrl);
      return { name, configs: cors ? [corsXml(cors)] : [] };
    }),
  });
  const pending = new Set<Promise<void>>();
  const specs = new Map(options.buckets.map((b) => [b.name, b.spec]));
  server.on("event", (event) => {
    for (const record of event.Records) {
      for (const notification of specs.get(record.s3.bucket.name)?.notifications ?? []) {
        if (!matches(notification, record)) continue;
        const delivery = deliver(options, notification, {
          Records: [{ ...record, s3: { ...record.s3, configurationId: notification.name } }],
        }).finally(() => pending.delete(delivery));
        pending.add(delivery);
      }
    }
  });
  const idle = async () => {
    while (pending.size) await Promise.all(pending);
  };
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    idle,
    async stop() {
      const closed = server.close();
      server.httpServer.closeAllConnections();
      await closed;
      await idle();
    },
  };
}

async function deliver(options: S3LocalOptions, notification: Notification, event: S3Event): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await options.notify(notification, event);
      return;
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      const key = event.Records[0]?.s3.object.key;
      if (delay === undefined) {
        options.log?.(`S3 notification ${notification.name} for ${key} failed, dropped: ${error}`);
        return;
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

function matches(notification: Notification, record: S3EventRecord): boolean {
  const eventMatches = notification.events.some((pattern) =>
    pattern.endsWith("*")
      ? `s3:${record.eventName}`.startsWith(pattern.slice(0, -1))
      : pattern === `s3:${record.eventName}`,
  );
  // Filters apply to the key itself; records carry it URL-encoded.
  const key = decodeURIComponent(record.s3.object.key.replaceAll("+", " "));
  return (
    eventMatches &&
    key.startsWith(notification.filterPrefix ?? "") &&
    key.endsWith(notification.filterSuffix ?? "")
  );
}

function corsXml(cors: BucketCors): string {
  const tags = (tag: string, values: readonly string[]) =>
    values.map((v) => `<${tag}>${escapeXml(v)}</${tag}>`).join("");
  return [
    "<CORSConfiguration><CORSRule>",
    tags("AllowedOrigin", cors.allowOrigins),
    tags("AllowedMethod", cors.allowMethods),
    tags("AllowedHeader", cors.allowHeaders),
    tags("ExposeHeader", cors.exposeHeaders),
    `<MaxAgeSeconds>${cors.maxAge}</MaxAgeSeconds>`,
    "</CORSRule></CORSConfiguration>",
  ].join("");
}

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
