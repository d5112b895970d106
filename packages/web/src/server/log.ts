import { Logger } from "@aws-lambda-powertools/logger";

/** JSON logs, as the Lambda functions write them; each request logs through a child with its correlation id. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "web" });

export type { Logger };
