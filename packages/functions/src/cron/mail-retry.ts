import * as Email from "@bourse/core/email";
import type { ScheduledEvent } from "aws-lambda";
import { lambda, logger } from "../lib/lambda";

/** Every minute: each throttled or failed mail whose backoff is over, sent again (or marked dead). */
export const handler = lambda<ScheduledEvent, void>(
  (event) => event.id,
  async () => {
    const outcomes = await Email.retryDue();
    logger.info("mail retries", { outcomes });
  },
);
