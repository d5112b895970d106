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

/**
 * What the web app needs to run a cron now (an admin's "run now"): each cron's function name, as
 * `Resource.Crons.functions`, with the right to invoke those functions and no others.
 */
export function linkCrons(created: sst.aws.CronV2[]) {
  const functions = created.map((cron) => cron.nodes.function);
  return new sst.Linkable("Crons", {
    properties: {
      functions: $util
        .all(functions.map((fn) => fn.name))
        .apply((names) => Object.fromEntries(crons.map((c, i) => [c.name, names[i]!]))),
    },
    include: [
      sst.aws.permission({ actions: ["lambda:InvokeFunction"], resources: functions.map((fn) => fn.arn) }),
    ],
  });
}
