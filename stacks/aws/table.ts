import { table as spec, subscribers } from "../topology";
import type { Live } from "./live";
import type { Protection } from "./protection";
import type { Resources } from "./resources";
import { functionArgs } from "./runtime";

export function createTable(protection: Protection) {
  return new sst.aws.Dynamo(spec.name, {
    fields: spec.fields,
    primaryIndex: spec.primaryIndex,
    globalIndexes: spec.globalIndexes,
    stream: spec.stream,
    ttl: spec.ttl,
    // `protect` only stops `sst remove`; this also stops a console or API delete of the data.
    deletionProtection: protection.deletionProtection,
    transform: {
      // SST turns recovery on for every stage; throwaway stages do without (it is billed per GB-month).
      table: (args) => {
        args.pointInTimeRecovery = { enabled: protection.pointInTimeRecovery };
      },
    },
  });
}

/** What a subscriber's own role needs to read the stream (SST grants it only to functions it creates). */
const STREAM_READ = [
  "dynamodb:DescribeStream",
  "dynamodb:GetRecords",
  "dynamodb:GetShardIterator",
  "dynamodb:ListStreams",
];

/**
 * The stream subscribers: Lambda filters select records before any invocation, and a failing batch is
 * bisected and retried a bounded number of times while the handler reports only the records that failed.
 * Each mapping invokes its function's `live` alias.
 */
export function subscribeStream(resources: Resources, router: sst.aws.Router, live: Live) {
  return subscribers.map((s) => {
    const args = functionArgs(s, resources, [
      { actions: STREAM_READ, resources: [resources.table.nodes.table.streamArn] },
    ]);
    // Mailed links are built from the app's URL, which is the Router's (not a shell setting).
    if (s.environment?.includes("BOURSE_PUBLIC_URL"))
      args.environment = { ...(args.environment as Record<string, string>), BOURSE_PUBLIC_URL: router.url };
    const alias = live.publish(
      { name: s.name, kind: "subscriber" },
      new sst.aws.Function(`${s.name}Handler`, args),
    );
    return resources.table.subscribe(s.name, alias.arn, {
      filters: [...s.filters],
      transform: {
        eventSourceMapping: {
          batchSize: s.batchSize,
          bisectBatchOnFunctionError: s.bisectOnError,
          maximumRetryAttempts: s.maxRetries,
          functionResponseTypes: ["ReportBatchItemFailures"],
          startingPosition: s.startingPosition,
        },
      },
    });
  });
}
