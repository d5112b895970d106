import { table as spec, subscribers } from "../topology";
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

/**
 * The stream subscribers: Lambda filters select records before any invocation, and a failing batch is
 * bisected and retried a bounded number of times while the handler reports only the records that failed.
 */
export function subscribeStream(resources: Resources, router: sst.aws.Router) {
  return subscribers.map((s) => {
    const args = functionArgs(s, resources);
    // Mailed links are built from the app's URL, which is the Router's (not a shell setting).
    if (s.environment?.includes("BOURSE_PUBLIC_URL"))
      args.environment = { ...(args.environment as Record<string, string>), BOURSE_PUBLIC_URL: router.url };
    return resources.table.subscribe(s.name, args, {
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
