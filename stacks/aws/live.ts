import {
  alarmKeys,
  aliasArgs,
  deploymentGroupArgs,
  errorsAlarmArgs,
  errorsAlarmKey,
  LIVE_ALIAS,
  type LiveFunction,
  type LiveName,
  liveFunctions,
  liveOfUrl,
  type Rollout,
  type RolloutEntry,
} from "./rollout";

export type Alarms = Record<string, aws.cloudwatch.MetricAlarm>;

interface Published {
  live: LiveFunction;
  fn: sst.aws.Function;
  alias: aws.lambda.Alias;
}

/**
 * Puts every function behind its `live` alias with the args rollout.ts computes, and, on canary stages,
 * one CodeDeploy deployment group per function. Create it before any function: it registers the transform
 * that points each function URL (so the Router's origin) at its alias.
 */
export function createLive(rollout: Rollout, router: sst.aws.Router) {
  const published = new Map<LiveName, Published>();
  // A function URL may be created before or after its alias (SST builds the web app's server
  // asynchronously): each waits for its own function's publication.
  const slots = new Map<LiveName, { promise: Promise<Published>; resolve(p: Published): void }>();
  const slot = (name: LiveName) => {
    let s = slots.get(name);
    if (!s) {
      let resolve!: (p: Published) => void;
      const promise = new Promise<Published>((r) => {
        resolve = r;
      });
      s = { promise, resolve };
      slots.set(name, s);
    }
    return s;
  };

  $transform(aws.lambda.FunctionUrl, (args, opts, name) => {
    const live = liveOfUrl(name);
    if (!live) return;
    const alias = slot(live).promise.then((p) => p.alias);
    args.qualifier = $output(alias).apply((a) => a.name);
    opts.dependsOn = opts.dependsOn ? $output(opts.dependsOn).apply((d) => [d, alias].flat()) : alias;
  });

  const distributionArn = router.nodes.cdn.apply((cdn) => cdn.nodes.distribution.arn);

  /** `fn` (created with `versioning: true`) behind its `live` alias; triggers target the alias's ARN. */
  function publish(live: LiveFunction, fn: sst.aws.Function) {
    const { args, ignoreChanges } = aliasArgs(rollout, fn.name, fn.nodes.function.version);
    const alias = new aws.lambda.Alias(`${live.name}Live`, args, { ignoreChanges });
    if (live.kind === "url" || live.kind === "web") {
      // The Router (CloudFront, OAC) invokes the alias's URL: granted on the alias itself, as SST grants
      // the function.
      new aws.lambda.Permission(`${live.name}LiveUrlAccess`, {
        action: "lambda:InvokeFunctionUrl",
        function: fn.name,
        qualifier: alias.name,
        principal: "cloudfront.amazonaws.com",
        sourceArn: distributionArn,
      });
      new aws.lambda.Permission(`${live.name}LiveInvoke`, {
        action: "lambda:InvokeFunction",
        function: fn.name,
        qualifier: alias.name,
        principal: "cloudfront.amazonaws.com",
        sourceArn: distributionArn,
        invokedViaFunctionUrl: true,
      });
    }
    const entry = { live, fn, alias };
    published.set(live.name, entry);
    slot(live.name).resolve(entry);
    return alias;
  }

  /**
   * Once every function and alarm exists: checks that none was left out, then, on canary stages, an errors
   * alarm per alias and a deployment group per function. Returns what scripts/rollout.ts reads. The web
   * app's server exists only outside `sst dev`, and is published once SST has built it.
   */
  function complete(alarms: Alarms, withWeb: boolean) {
    const expected = liveFunctions().filter((f) => withWeb || f.kind !== "web");
    const missing = expected.filter((f) => f.kind !== "web" && !published.has(f.name));
    if (missing.length)
      throw new Error(
        `not behind a live alias: ${missing.map((f) => f.name).join(", ")} (stacks/aws/live.ts)`,
      );
    const codeDeploy = rollout.mode === "canary" ? createCodeDeploy() : undefined;
    return $output(
      expected.map((f) => $output(slot(f.name).promise).apply((p) => roll(p, alarms, codeDeploy))),
    );
  }

  function roll({ live, fn, alias }: Published, alarms: Alarms, codeDeploy?: CodeDeploy) {
    let group: $util.Output<string> | undefined;
    if (codeDeploy) {
      const errors = new aws.cloudwatch.MetricAlarm(
        errorsAlarmKey(live.name),
        errorsAlarmArgs(live.name, fn.name, $interpolate`${fn.name}:${LIVE_ALIAS}`),
      );
      const watched: Alarms = { ...alarms, [errorsAlarmKey(live.name)]: errors };
      const args = deploymentGroupArgs(rollout, {
        name: live.name,
        appName: codeDeploy.app.name,
        serviceRoleArn: codeDeploy.role.arn,
        alarms: alarmKeys(live).map((key) => {
          const alarm = watched[key];
          if (!alarm) throw new Error(`${live.name}: no alarm ${key} (stacks/aws/monitoring.ts)`);
          return alarm.name;
        }),
      });
      if (args)
        group = new aws.codedeploy.DeploymentGroup(`${live.name}Rollout`, args, {
          dependsOn: [codeDeploy.policy],
        }).deploymentGroupName;
    }
    const shifted =
      codeDeploy && group
        ? $resolve({ application: codeDeploy.app.name, deploymentGroup: group })
        : undefined;
    return $resolve({ functionName: fn.name, alias: alias.name, version: fn.nodes.function.version }).apply(
      (target) =>
        $output(shifted).apply(
          (codeDeploy): RolloutEntry => ({
            name: live.name,
            ...target,
            ...(codeDeploy ? { codeDeploy } : {}),
          }),
        ),
    );
  }

  return { publish, complete };
}

export type Live = ReturnType<typeof createLive>;
type CodeDeploy = ReturnType<typeof createCodeDeploy>;

/** The CodeDeploy application of the stage's Lambda deployments and the role CodeDeploy acts with. */
function createCodeDeploy() {
  const app = new aws.codedeploy.Application("Rollout", { computePlatform: "Lambda" });
  const role = new aws.iam.Role("RolloutRole", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "codedeploy.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    }),
  });
  // Moves alias weights, reads alarms, invokes hooks: AWS's managed policy for Lambda deployments.
  const policy = new aws.iam.RolePolicyAttachment("RolloutRolePolicy", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambda",
  });
  return { app, role, policy };
}
