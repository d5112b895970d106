import * as Health from "@bourse/core/health";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { lambda, logger } from "../lib/lambda";

/** The health check as a lean function URL, for uptime probes that should not wake the web app. */
export const handler = lambda<APIGatewayProxyEventV2, APIGatewayProxyResultV2>(
  (event) => event.requestContext?.requestId,
  async () => {
    const report = await Health.check(undefined, (check, error) =>
      logger.warn("health check failed", {
        check,
        error: error instanceof Error ? error.name : String(error),
      }),
    );
    return {
      statusCode: report.status === "ok" ? 200 : 503,
      headers: { "content-type": "application/json", "cache-control": "no-store" },
      body: JSON.stringify(report),
    };
  },
);
