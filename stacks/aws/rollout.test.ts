import { describe, expect, it } from "vitest";
import { allHandlers, buckets, crons, subscribers, urlFunctions } from "../topology";
import { needs } from "./needs";
import {
  alarmKeys,
  aliasArgs,
  CANARY_CONFIG,
  deploymentGroupArgs,
  errorsAlarmArgs,
  LIVE_ALIAS,
  liveFunctions,
  liveOfUrl,
  MAX_ALARMS,
  rolloutFor,
  WEB,
} from "./rollout";

const CANARY_STAGES = ["production", "staging"];
const ALL_AT_ONCE_STAGES = ["pr-42", "pr-1", "ana", "ci", "dev", "Production", "staging-copy", ""];

/** The alarm names stacks/aws/monitoring.ts creates, for the topology as it is. */
const monitoringAlarms = new Set([
  ...["web", ...urlFunctions.map((f) => f.name)].flatMap((s) => [`${s}ErrorRate`, `${s}LatencyP95`]),
  ...subscribers.map((s) => `${s.name}StreamFailures`),
]);

const group = (stage: string, name: (typeof liveFunctions extends () => (infer F)[] ? F : never)["name"]) =>
  deploymentGroupArgs(rolloutFor(stage), {
    name,
    appName: "bourse-app",
    serviceRoleArn: "arn:aws:iam::1:role/codedeploy",
    alarms: alarmKeys(liveFunctions().find((f) => f.name === name)!),
  });

describe("rolloutFor(stage)", () => {
  it("rolls staging and production out as a 10 % canary for 5 minutes", () => {
    for (const stage of CANARY_STAGES)
      expect(rolloutFor(stage), stage).toEqual({ mode: "canary", deploymentConfigName: CANARY_CONFIG });
    expect(CANARY_CONFIG).toBe("CodeDeployDefault.LambdaCanary10Percent5Minutes");
  });

  it("deploys preview and personal stages all at once", () => {
    for (const stage of ALL_AT_ONCE_STAGES) expect(rolloutFor(stage), stage).toEqual({ mode: "all-at-once" });
  });
});

describe("liveFunctions()", () => {
  it("lists every function of the topology, once, and the web app's server", () => {
    const names = liveFunctions().map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual([...Object.keys(needs), WEB].sort());
    // One per handler the topology names, plus the web app.
    expect(names).toHaveLength(allHandlers().length + 1);
  });

  it("knows each by its trigger", () => {
    const kinds = Object.fromEntries(liveFunctions().map((f) => [f.name, f.kind]));
    for (const s of subscribers) expect(kinds[s.name]).toBe("subscriber");
    for (const c of crons) expect(kinds[c.name]).toBe("cron");
    for (const f of urlFunctions) expect(kinds[f.name]).toBe("url");
    expect(kinds.DataInput).toBe("notification");
    expect(buckets.data.notifications.map((n) => n.name)).toEqual(["DataInput"]);
    expect(kinds[WEB]).toBe("web");
  });
});

describe("the live alias", () => {
  it("is what every function URL serves: the URL functions' and the web server's, in any region", () => {
    for (const f of urlFunctions) expect(liveOfUrl(`${f.name}Url`)).toBe(f.name);
    expect(liveOfUrl("WebServerUseast1Url")).toBe(WEB);
    expect(liveOfUrl("WebServerEucentral1Url")).toBe(WEB);
    // Not ours, or not a URL: left alone.
    for (const name of ["WebImageOptimizerUrl", "HealthApiUrlX", "HealthApi", "OtherUrl", "WebServer-1Url"])
      expect(liveOfUrl(name), name).toBeUndefined();
  });

  it("follows every version on all-at-once stages", () => {
    for (const stage of ALL_AT_ONCE_STAGES)
      expect(aliasArgs(rolloutFor(stage), "fn", "7"), stage).toEqual({
        args: { name: LIVE_ALIAS, functionName: "fn", functionVersion: "7" },
        ignoreChanges: [],
      });
  });

  it("is created once on canary stages and then moved by CodeDeploy only", () => {
    for (const stage of CANARY_STAGES)
      expect(aliasArgs(rolloutFor(stage), "fn", "7"), stage).toEqual({
        args: { name: LIVE_ALIAS, functionName: "fn", functionVersion: "7" },
        ignoreChanges: ["functionVersion", "routingConfig"],
      });
  });
});

describe("the canary's alarms", () => {
  it("are the function's own monitoring alarms and its alias's errors", () => {
    const keys = Object.fromEntries(liveFunctions().map((f) => [f.name, alarmKeys(f)]));
    expect(keys[WEB]).toEqual(["webErrorRate", "webLatencyP95", "WebErrors"]);
    expect(keys.CalcApi).toEqual(["CalcApiErrorRate", "CalcApiLatencyP95", "CalcApiErrors"]);
    expect(keys.Mailer).toEqual(["MailerStreamFailures", "MailerErrors"]);
    expect(keys.News).toEqual(["NewsErrors"]);
    expect(keys.DataInput).toEqual(["DataInputErrors"]);
  });

  it("name only alarms that exist (monitoring.ts's, or the alias errors alarm), within CodeDeploy's limit", () => {
    for (const f of liveFunctions()) {
      const keys = alarmKeys(f);
      expect(keys.length, f.name).toBeGreaterThan(0);
      expect(keys.length, f.name).toBeLessThanOrEqual(MAX_ALARMS);
      for (const key of keys) expect(monitoringAlarms.has(key) || key === `${f.name}Errors`, key).toBe(true);
    }
  });

  it("watch the alias's own invocations: errors of FunctionName and Resource <name>:live", () => {
    expect(errorsAlarmArgs("Mailer", "bourse-staging-Mailer", "bourse-staging-Mailer:live")).toMatchObject({
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: "bourse-staging-Mailer", Resource: "bourse-staging-Mailer:live" },
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
    });
  });
});

describe("deploymentGroupArgs", () => {
  it("shifts staging and production as a canary that rolls back on its alarms and on failure", () => {
    for (const stage of CANARY_STAGES)
      for (const f of liveFunctions())
        expect(group(stage, f.name), `${stage} ${f.name}`).toEqual({
          appName: "bourse-app",
          deploymentGroupName: f.name,
          serviceRoleArn: "arn:aws:iam::1:role/codedeploy",
          deploymentConfigName: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
          deploymentStyle: { deploymentOption: "WITH_TRAFFIC_CONTROL", deploymentType: "BLUE_GREEN" },
          autoRollbackConfiguration: {
            enabled: true,
            events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"],
          },
          alarmConfiguration: { enabled: true, alarms: alarmKeys(f) },
        });
  });

  it("makes none on preview and personal stages", () => {
    for (const stage of ALL_AT_ONCE_STAGES)
      for (const f of liveFunctions()) expect(group(stage, f.name), `${stage} ${f.name}`).toBeUndefined();
  });

  it("refuses a canary that no alarm, or more than CodeDeploy watches, would judge", () => {
    const canary = rolloutFor("production");
    const args = (alarms: string[]) => () =>
      deploymentGroupArgs(canary, { name: "Mailer", appName: "a", serviceRoleArn: "r", alarms });
    expect(args([])).toThrow(/1 to 10 alarms, not 0/);
    expect(args(Array.from({ length: 11 }, (_, i) => `a${i}`))).toThrow(/not 11/);
  });
});
