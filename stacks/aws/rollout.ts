/**
 * How a stage's functions move to a new version, decided from the stage name alone (plain code: no SST
 * globals, so it is unit-tested; stacks/aws/live.ts hands exactly these args to the Pulumi resources).
 *
 * Every function is published as a version (`versioning: true`) behind a `live` alias, and every trigger
 * (event source mapping, schedule, bucket notification, function URL and so the Router's origin) invokes
 * the alias, never `$LATEST` or a bare version. Then:
 * - `staging` and `production` (the stages people rely on): the alias is moved by CodeDeploy only, a canary
 *   (10 % of invocations for 5 minutes, then all) that rolls itself back when one of the function's alarms
 *   fires in the window or the deployment fails. Pulumi creates the alias once and leaves its version to
 *   CodeDeploy (scripts/rollout.ts `shift` starts the deployments after `sst deploy`).
 * - Preview (`pr-<n>`) and personal stages: all at once, the alias follows each new version directly.
 */
import { buckets, crons, subscribers, urlFunctions, webSocket } from "../topology";
import type { needs } from "./needs";
import { PROTECTED_STAGES } from "./protection";

export const LIVE_ALIAS = "live";
export const CANARY_CONFIG = "CodeDeployDefault.LambdaCanary10Percent5Minutes";
/** CodeDeploy puts the previous version back when the deployment fails or an alarm stops it. */
export const ROLLBACK_EVENTS = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] as const;
/** CodeDeploy watches at most this many alarms per deployment group. */
export const MAX_ALARMS = 10;

export type Rollout =
  | { mode: "all-at-once" }
  | { mode: "canary"; deploymentConfigName: typeof CANARY_CONFIG };

export function rolloutFor(stage: string): Rollout {
  return (PROTECTED_STAGES as readonly string[]).includes(stage)
    ? { mode: "canary", deploymentConfigName: CANARY_CONFIG }
    : { mode: "all-at-once" };
}

/** What triggers a function, which decides the alarms that judge its canary. */
export type Kind = "subscriber" | "cron" | "url" | "notification" | "route" | "web";

/** The web app's server function: its alarms are monitoring.ts's `web` server's. */
export const WEB = "Web";

export type LiveName = keyof typeof needs | typeof WEB;

export interface LiveFunction {
  name: LiveName;
  kind: Kind;
}

/** Every function the stage runs: the topology's, by what triggers them, and the web app's server. */
export function liveFunctions(): LiveFunction[] {
  const notifications = Object.values(buckets).flatMap((b) =>
    "notifications" in b ? b.notifications.map((n) => n.name) : [],
  );
  return [
    ...subscribers.map((s) => ({ name: s.name, kind: "subscriber" as const })),
    ...crons.map((c) => ({ name: c.name, kind: "cron" as const })),
    ...urlFunctions.map((f) => ({ name: f.name, kind: "url" as const })),
    ...notifications.map((name) => ({ name, kind: "notification" as const })),
    ...webSocket.routes.map((r) => ({ name: r.name, kind: "route" as const })),
    { name: WEB, kind: "web" },
  ];
}

/**
 * Whose function URL a Pulumi `aws.lambda.FunctionUrl` is, from its resource name: SST names it
 * `<Function component>Url`, the URL functions' components carry their topology name and the web app's
 * server is `WebServer<Region>`. Anything else (the image optimizer) is not behind an alias.
 */
export function liveOfUrl(resourceName: string): LiveName | undefined {
  const url = urlFunctions.find((f) => resourceName === `${f.name}Url`);
  if (url) return url.name;
  return /^WebServer[A-Za-z0-9]*Url$/.test(resourceName) ? WEB : undefined;
}

/**
 * The logical names of the alarms that roll a canary back (those of stacks/aws/monitoring.ts, plus the
 * `<name>Errors` alarm live.ts keeps on each alias: invocations that threw).
 */
export function alarmKeys(fn: LiveFunction): string[] {
  const own = {
    web: ["webErrorRate", "webLatencyP95"],
    url: [`${fn.name}ErrorRate`, `${fn.name}LatencyP95`],
    subscriber: [`${fn.name}StreamFailures`],
    cron: [],
    notification: [],
    route: [],
  }[fn.kind];
  return [...own, errorsAlarmKey(fn.name)];
}

export function errorsAlarmKey(name: LiveName) {
  return `${name}Errors`;
}

/**
 * The `live` alias: on a canary stage its version is set once, at creation, and then belongs to CodeDeploy
 * (Pulumi ignores its drift); elsewhere it follows every new version.
 */
export function aliasArgs<T>(rollout: Rollout, functionName: T, version: T) {
  return {
    args: { name: LIVE_ALIAS, functionName, functionVersion: version },
    ignoreChanges: rollout.mode === "canary" ? ["functionVersion", "routingConfig"] : [],
  };
}

/** The deployment group that shifts one function's alias; none where the stage deploys all at once. */
export function deploymentGroupArgs<T>(
  rollout: Rollout,
  fn: { name: LiveName; appName: T; serviceRoleArn: T; alarms: T[] },
) {
  if (rollout.mode !== "canary") return undefined;
  if (fn.alarms.length === 0 || fn.alarms.length > MAX_ALARMS)
    throw new Error(`${fn.name}: a canary needs 1 to ${MAX_ALARMS} alarms, not ${fn.alarms.length}`);
  return {
    appName: fn.appName,
    deploymentGroupName: fn.name,
    serviceRoleArn: fn.serviceRoleArn,
    deploymentConfigName: rollout.deploymentConfigName,
    deploymentStyle: { deploymentOption: "WITH_TRAFFIC_CONTROL", deploymentType: "BLUE_GREEN" },
    autoRollbackConfiguration: { enabled: true, events: [...ROLLBACK_EVENTS] },
    alarmConfiguration: { enabled: true, alarms: fn.alarms },
  };
}

/** An alarm on the alias's own invocations that threw (AWS/Lambda Errors, by function and alias). */
export function errorsAlarmArgs<T>(name: LiveName, functionName: T, resource: T) {
  return {
    alarmDescription: `${name}: an invocation of its live alias threw`,
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: functionName, Resource: resource },
    statistic: "Sum",
    period: 60,
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    evaluationPeriods: 1,
    treatMissingData: "notBreaching",
  };
}

/**
 * One function of a deployed stage, as the `rollout` output lists it for scripts/rollout.ts: the version
 * this deploy published, the alias that should serve it, and (canary stages) who shifts it.
 */
export interface RolloutEntry {
  name: string;
  functionName: string;
  alias: string;
  version: string;
  codeDeploy?: { application: string; deploymentGroup: string };
}
