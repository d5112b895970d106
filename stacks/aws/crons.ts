import { crons } from "../topology";
import type { Resources } from "./resources";
import { functionArgs } from "./runtime";

/** EventBridge Scheduler schedules (CronV2). A failed run is not retried (the default): the next is near. */
export function createCrons(resources: Resources) {
  return crons.map(
    (c) =>
      new sst.aws.CronV2(c.name, {
        schedule: c.schedule,
        function: functionArgs(c, resources),
      }),
  );
}
