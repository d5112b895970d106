import * as Actor from "@bourse/core/actor";
import * as Order from "@bourse/core/order";
import type { ScheduledEvent } from "aws-lambda";
import { lambda, logger } from "../lib/lambda";

/** Every minute: every partner's failure-rate alarm, so one clears by itself when its traffic stops. */
export const handler = lambda<ScheduledEvent, { partners: number; firing: number }>(
  (event) => event.id,
  (event) =>
    Actor.system("order-alarms", async () => {
      const result = await Order.Alarm.sweep();
      logger.info("order alarms evaluated", { event: event.id, ...result });
      return result;
    }),
);
