import * as Metrics from "@bourse/core/metrics";
import type { ScheduledEvent } from "aws-lambda";
import { lambda, logger } from "../lib/lambda";

/** Every minute: the previous (complete) minute's counters into a snapshot item, closed minutes into totals. */
export const handler = lambda<ScheduledEvent, void>(
  (event) => event.id,
  async (event) => {
    const at = event.time ? new Date(event.time) : new Date();
    const minute = Metrics.minuteOf(new Date(at.getTime() - 60_000));
    const snapshot = await Metrics.snapshot(minute);
    // Closed minutes of the deployment-wide series into their running total (idempotent).
    const folded = await Metrics.Series.fold();
    logger.info("metrics snapshot", { snapshot, folded: folded.length });
  },
);
