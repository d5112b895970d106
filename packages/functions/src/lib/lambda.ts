import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import * as Series from "@bourse/core/metrics/series";
import * as Correlation from "@bourse/core/util/correlation";
import { traced } from "@bourse/core/util/trace";
import type { Context } from "aws-lambda";

/** JSON logs (one line per entry, with the Lambda context and a correlation id) and EMF metrics. */
export const logger = new Logger({ serviceName: "bourse" });
export const metrics = new Metrics({ namespace: "Bourse", serviceName: "bourse" });

/**
 * Every handler goes through this: it tags logs with the invocation's context and correlation id, traces
 * the invocation, logs a failure once with its stack (logs only, never a response), and flushes metrics:
 * EMF lines, and the deployment-wide series when a second has gone by (Lambda may freeze us afterwards).
 */
export function lambda<E, R>(
  correlationId: (event: E, context: Context) => string | undefined,
  run: (event: E, context: Context) => Promise<R>,
) {
  return async (event: E, context: Context): Promise<R> => {
    logger.addContext(context);
    const id = correlationId(event, context) ?? context.awsRequestId;
    logger.appendKeys({ correlationId: id });
    try {
      // Items this invocation writes carry its id on, through the stream, to the handlers they drive.
      return await traced(context.functionName, id, () => Correlation.provide(id, () => run(event, context)));
    } catch (error) {
      logger.error("invocation failed", error as Error);
      throw error;
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      await Series.flushIfDue().catch((error: unknown) =>
        logger.warn("metrics flush failed (retried by the next)", { error: String(error) }),
      );
      logger.resetKeys();
    }
  };
}
