import { Metrics } from "@bourse/core/metrics";
import type { ScheduledEvent } from "aws-lambda";
import { lambda, logger } from "../lib/lambda";

/** Every minute: fold the previous (complete) minute's counters into a snapshot item. */
export const handler = lambda<ScheduledEvent, void>(
  (event) => event.id,
  async (event) => {
    const at = event.time ? new Date(event.time) : new Date();
    const minute = Metrics.minuteOf(new Date(at.getTime() - 60_000));
    const snapshot = await Metrics.snapshot(minute);
    logger.info("metrics snapshot", { snapshot });
  },
);
