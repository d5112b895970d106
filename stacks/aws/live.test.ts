/**
 * The synthesized configuration, offline: stacks/aws's rollout wiring runs inside a Pulumi stack on
 * Pulumi's own mocks (the resources it creates are recorded, not deployed), with the SST components it
 * calls standing in as recorders of their args. Checks what AWS would be given: every trigger's target, the
 * aliases, the function URLs' qualifier, the deployment groups and their alarms.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensurePlatform, platform } from "../../scripts/sst-check";
import { crons, subscribers, urlFunctions, webSocket } from "../topology";
import { createApis } from "./api";
import { createCrons, linkCrons } from "./crons";
import { createLive } from "./live";
import { createAlarms } from "./monitoring";
import { protectionFor } from "./protection";
import { routeRealtime } from "./realtime";
import type { Resources } from "./resources";
import { CANARY_CONFIG, liveFunctions, rolloutFor, WEB } from "./rollout";
import { createBuckets, notifyBuckets } from "./storage";
import { subscribeStream } from "./table";

// biome-ignore lint/suspicious/noExplicitAny: Pulumi is loaded from SST's platform, untyped here.
let pulumi: any;
// biome-ignore lint/suspicious/noExplicitAny: idem.
let awsSdk: any;

interface Created {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

beforeAll(() => {
  // The platform SST installs (as sst-check does): Pulumi and its AWS provider's resource classes.
  ensurePlatform("live.test");
  const require = createRequire(join(platform, "package.json"));
  pulumi = require("@pulumi/pulumi");
  awsSdk = require("@pulumi/aws");
}, 300_000);

/** What `deploy()` would create for `stage`, as far as rollout goes: Pulumi resources and SST component args. */
async function synthesize(stage: string) {
  const created: Created[] = [];
  const components: { kind: string; name: string; args: Record<string, unknown> }[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (r: { type: string; name: string; inputs: Record<string, unknown> }) => {
        created.push({ type: r.type, name: r.name, inputs: r.inputs });
        const arn =
          r.type === "aws:lambda/alias:Alias"
            ? `arn:aws:lambda:eu-west-1:1:function:${r.inputs.functionName}:${r.inputs.name}`
            : `arn:aws:mock:::${r.name}`;
        return {
          id: `${r.name}-id`,
          state: { ...r.inputs, arn, name: r.inputs.name ?? `${r.name}-physical` },
        };
      },
      call: (c: { inputs: Record<string, unknown> }) => c.inputs,
    },
    "bourse",
    stage,
    false,
  );
  const out = (v: unknown) => pulumi.output(v);
  class Fn {
    name: unknown;
    nodes: unknown;
    url = out("https://router.example");
    constructor(
      readonly component: string,
      readonly args: Record<string, unknown>,
    ) {
      this.name = out(`bourse-${stage}-${component}`);
      this.nodes = { function: { version: out("3") } };
      components.push({ kind: "Function", name: component, args });
    }
  }
  const record = (kind: string) =>
    class {
      constructor(name: string, args: Record<string, unknown>) {
        components.push({ kind, name, args });
      }
    };
  Object.assign(globalThis, {
    aws: awsSdk,
    $output: pulumi.output,
    $resolve: pulumi.all,
    $interpolate: pulumi.interpolate,
    $util: pulumi,
    // As SST's $transform (platform/src/components/component.ts) for a Pulumi resource type.
    $transform: (resource: { __pulumiType: string }, cb: (a: unknown, o: unknown, n: string) => void) =>
      pulumi.runtime.registerStackTransformation(
        (input: { type: string; props: unknown; opts: unknown; name: string }) => {
          if (input.type !== resource.__pulumiType) return undefined;
          cb(input.props, input.opts, input.name);
          return input;
        },
      ),
    sst: {
      aws: {
        Function: Fn,
        CronV2: record("CronV2"),
        Bucket: record("Bucket"),
        permission: (p: unknown) => p,
      },
      Linkable: record("Linkable"),
    },
  });
  const triggers: Record<string, unknown> = {};
  const resources = {
    table: {
      name: out("bourse-table"),
      nodes: { table: { streamArn: out("arn:aws:dynamodb:eu-west-1:1:table/t/stream/s") } },
      subscribe: (name: string, target: unknown, args: unknown) => {
        triggers[name] = target;
        components.push({ kind: "Subscription", name, args: { target, args } });
      },
    },
    media: {},
    realtime: {
      route: (route: string, target: unknown) => {
        triggers[route] = target;
      },
    },
    data: {
      notify: (args: { notifications: { name: string; function: unknown }[] }) => {
        for (const n of args.notifications) triggers[n.name] = n.function;
      },
    },
  } as unknown as Resources;
  const router = {
    nodes: { cdn: out({ nodes: { distribution: { arn: out("arn:aws:cloudfront::1:distribution/D") } } }) },
    url: out("https://router.example"),
  } as unknown as sst.aws.Router;

  const resolved = await pulumi.runtime.runInPulumiStack(async () => {
    const live = createLive(rolloutFor(stage), router);
    subscribeStream(resources, router, live);
    routeRealtime(resources, router, live);
    notifyBuckets(resources, live);
    createBuckets(router, protectionFor(stage));
    const cronAliases = createCrons(resources, live);
    linkCrons(cronAliases);
    createApis(resources, router, live);
    // SST's own resources, created as it creates them: the URL of each URL function and of the web server.
    for (const f of urlFunctions)
      new awsSdk.lambda.FunctionUrl(`${f.name}Url`, { functionName: f.name, authorizationType: "AWS_IAM" });
    new awsSdk.lambda.FunctionUrl("WebServerEuwest1Url", {
      functionName: "web",
      authorizationType: "AWS_IAM",
    });
    new awsSdk.lambda.FunctionUrl("WebImageOptimizerUrl", {
      functionName: "img",
      authorizationType: "AWS_IAM",
    });
    live.publish(
      { name: WEB, kind: "web" },
      new Fn("WebServerEuwest1", { versioning: true }) as unknown as sst.aws.Function,
    );
    // monitoring.ts's alarms, as deploy() hands them over.
    const alarms = createAlarms(resources);
    const rollout = live.complete(alarms, true);
    const targets = Object.fromEntries(Object.entries(triggers).map(([name, target]) => [name, out(target)]));
    const cronTargets = Object.fromEntries(
      components.filter((c) => c.kind === "CronV2").map((c) => [c.name, out(c.args.function)]),
    );
    return { rollout, targets, cronTargets };
  });
  // Let every apply settle (the recorded inputs of resources created inside them included).
  await new Promise((r) => setTimeout(r, 200));
  const of = (type: string) => created.filter((c) => c.type === type);
  return { resolved, created, components, of };
}

const aliasArn = (stage: string, component: string) =>
  `arn:aws:lambda:eu-west-1:1:function:bourse-${stage}-${component}:live`;

describe.each(["staging", "production", "pr-42", "ana"])("stage %s", (stage) => {
  const canary = rolloutFor(stage).mode === "canary";
  let synthesized: Awaited<ReturnType<typeof synthesize>>;
  beforeAll(async () => {
    synthesized = await synthesize(stage);
  }, 120_000);

  it("publishes every function as a version behind a live alias", () => {
    const { of, components } = synthesized;
    const aliases = of("aws:lambda/alias:Alias");
    expect(aliases.map((a) => a.name).sort()).toEqual(
      liveFunctions()
        .map((f) => `${f.name}Live`)
        .sort(),
    );
    for (const a of aliases) expect(a.inputs).toMatchObject({ name: "live", functionVersion: "3" });
    for (const c of components.filter((c) => c.kind === "Function" && c.name !== "WebServerEuwest1"))
      expect(c.args.versioning, c.name).toBe(true);
  });

  it("points every trigger at its function's alias", () => {
    const { resolved } = synthesized;
    for (const s of subscribers)
      expect(resolved.targets[s.name], s.name).toBe(aliasArn(stage, `${s.name}Handler`));
    expect(resolved.targets.DataInput).toBe(aliasArn(stage, "DataInputHandler"));
    for (const r of webSocket.routes)
      expect(resolved.targets[r.route], r.route).toBe(aliasArn(stage, `${r.name}Handler`));
    for (const c of crons)
      expect(resolved.cronTargets[c.name], c.name).toBe(aliasArn(stage, `${c.name}Handler`));
  });

  it("serves each function URL (the Router's origins) from the alias, the image optimizer's aside", () => {
    const { of } = synthesized;
    const urls = Object.fromEntries(
      of("aws:lambda/functionUrl:FunctionUrl").map((u) => [u.name, u.inputs.qualifier]),
    );
    expect(urls).toEqual({
      ...Object.fromEntries(urlFunctions.map((f) => [`${f.name}Url`, "live"])),
      WebServerEuwest1Url: "live",
      WebImageOptimizerUrl: undefined,
    });
    const grants = of("aws:lambda/permission:Permission").filter((p) => p.inputs.qualifier === "live");
    expect(grants).toHaveLength(2 * (urlFunctions.length + 1));
    for (const g of grants)
      expect(g.inputs).toMatchObject({
        principal: "cloudfront.amazonaws.com",
        sourceArn: "arn:aws:cloudfront::1:distribution/D",
      });
  });

  it(
    canary
      ? "shifts each function with a CodeDeploy canary that rolls back on its alarms"
      : "has no CodeDeploy",
    () => {
      const { of, resolved } = synthesized;
      const groups = of("aws:codedeploy/deploymentGroup:DeploymentGroup");
      const aliases = of("aws:lambda/alias:Alias");
      if (!canary) {
        expect(groups).toEqual([]);
        expect(of("aws:codedeploy/application:Application")).toEqual([]);
        expect(resolved.rollout.every((e: { codeDeploy?: unknown }) => e.codeDeploy === undefined)).toBe(
          true,
        );
        return;
      }
      expect(of("aws:codedeploy/application:Application").map((a) => a.inputs.computePlatform)).toEqual([
        "Lambda",
      ]);
      expect(groups.map((g) => g.inputs.deploymentGroupName).sort()).toEqual(
        liveFunctions()
          .map((f) => f.name)
          .sort(),
      );
      for (const g of groups)
        expect(g.inputs).toMatchObject({
          deploymentConfigName: CANARY_CONFIG,
          autoRollbackConfiguration: {
            enabled: true,
            events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"],
          },
          alarmConfiguration: { enabled: true },
        });
      // Every alarm a group names is one the stage creates (monitoring.ts's, or the alias's errors alarm).
      const alarmNames = new Set(
        of("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => `${a.name}-physical`),
      );
      for (const g of groups)
        for (const alarm of (g.inputs.alarmConfiguration as { alarms: string[] }).alarms)
          expect(alarmNames.has(alarm), alarm).toBe(true);
      const mailer = groups.find((g) => g.inputs.deploymentGroupName === "Mailer")!;
      expect(mailer.inputs.alarmConfiguration).toMatchObject({
        alarms: ["MailerStreamFailures-physical", "MailerErrors-physical"],
      });
      const web = groups.find((g) => g.inputs.deploymentGroupName === WEB)!;
      expect(web.inputs.alarmConfiguration).toMatchObject({
        alarms: ["webErrorRate-physical", "webLatencyP95-physical", "WebErrors-physical"],
      });
      expect(resolved.rollout).toHaveLength(liveFunctions().length);
      expect(resolved.rollout[0]).toMatchObject({
        alias: "live",
        version: "3",
        codeDeploy: { deploymentGroup: expect.any(String) },
      });
      expect(aliases).toHaveLength(liveFunctions().length);
    },
  );

  it("expires never-claimed uploads and moves aged media to Infrequent Access", async () => {
    const media = synthesized.components.find((c) => c.kind === "Bucket" && c.name === "Media")!;
    expect(media.args.lifecycle).toEqual([{ id: "uploads-expire", prefix: "uploads/", expiresIn: "2 days" }]);
    // SST's own rule for that entry, then the bucket's transform, as SST applies it.
    const props = {
      rules: [
        { id: "uploads-expire", status: "Enabled", expiration: { days: 2 }, filter: { prefix: "uploads/" } },
      ],
    };
    (media.args.transform as { lifecycle: (args: typeof props) => void }).lifecycle(props);
    const rules = await new Promise((done) => pulumi.output(props.rules).apply(done));
    expect(rules).toEqual([
      { id: "uploads-expire", status: "Enabled", expiration: { days: 2 }, filter: { prefix: "uploads/" } },
      {
        id: "media-infrequent-access",
        status: "Enabled",
        filter: { and: { prefix: "media/", objectSizeGreaterThan: 131072 } },
        transitions: [{ days: 90, storageClass: "STANDARD_IA" }],
      },
    ]);
    const data = synthesized.components.find((c) => c.kind === "Bucket" && c.name === "Data")!;
    expect((data.args.transform as { lifecycle?: unknown }).lifecycle).toBeUndefined();
  });
});
