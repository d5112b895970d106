import { crons } from "../topology";
import type { Live } from "./live";
import type { Resources } from "./resources";
import { functionArgs } from "./runtime";

/**
 * EventBridge Scheduler schedules (CronV2) that invoke each function's `live` alias. A failed run is not
 * retried (the default): the next is near.
 */
export function createCrons(resources: Resources, live: Live) {
  return crons.map((c) => {
    const alias = live.publish(
      { name: c.name, kind: "cron" },
      new sst.aws.Function(`${c.name}Handler`, functionArgs(c, resources)),
    );
    new sst.aws.CronV2(c.name, { schedule: c.schedule, function: alias.arn });
    return alias;
  });
}

/**
 * What the web app needs to run a cron now (an admin's "run now"): each cron's `live` alias ARN (Invoke
 * takes it as the function name), as `Resource.Crons.functions`, with the right to invoke those and no others.
 */
export function linkCrons(aliases: aws.lambda.Alias[]) {
  return new sst.Linkable("Crons", {
    properties: {
      functions: $util
        .all(aliases.map((alias) => alias.arn))
        .apply((arns) => Object.fromEntries(crons.map((c, i) => [c.name, arns[i]!]))),
    },
    include: [
      sst.aws.permission({
        actions: ["lambda:InvokeFunction"],
        resources: aliases.map((alias) => alias.arn),
      }),
    ],
  });
}
