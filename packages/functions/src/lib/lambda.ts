import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";

/** JSON logs (one line per entry, with the Lambda context and a correlation id) and EMF metrics. */
export const logger = new Logger({ serviceName: "bourse" });
export const metrics = new Metrics({ namespace: "Bourse", serviceName: "bourse" });

/**
 * Every handler goes through this: it tags logs with the invocation's context and correlation id, logs a
 * failure once with its stack (logs only, never a response), and flushes metrics.
 */
export function lambda<E, R>(
  correlationId: (event: E, context: Context) => string | undefined,
  run: (event: E, context: Context) => Promise<R>,
) {
  return async (event: E, context: Context): Promise<R> => {
    logger.addContext(context);
    logger.appendKeys({ correlationId: correlationId(event, context) ?? context.awsRequestId });
    try {
      return await run(event, context);
    } catch (error) {
      logger.error("invocation failed", error as Error);
      throw error;
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}
