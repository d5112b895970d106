/**
 * Moves a deployed stage's `live` aliases (stacks/aws/rollout.ts), from the `rollout` output that
 * `sst deploy` writes to .sst/outputs.json:
 *
 * - `shift`: on canary stages, one CodeDeploy deployment per function whose alias is not yet on the version
 *   this deploy published (10 % for 5 minutes, then all), all waited for; a deployment that fails or that an
 *   alarm stops has been rolled back by CodeDeploy, and the command fails. On all-at-once stages Pulumi has
 *   moved the aliases already: it only checks that they serve the new versions.
 * - `rollback --since <ISO time>`: puts every alias that serves a version published after that time (the
 *   deploy's start) back on the newest version published before it. What CI runs when the smoke test fails.
 *
 * `tsx scripts/rollout.ts shift|rollback [--outputs .sst/outputs.json] [--since <time>]`; AWS credentials and
 * region from the environment.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  StopDeploymentCommand,
} from "@aws-sdk/client-codedeploy";
import {
  GetAliasCommand,
  LambdaClient,
  ListVersionsByFunctionCommand,
  UpdateAliasCommand,
} from "@aws-sdk/client-lambda";
import * as z from "zod";

export const Entry = z.object({
  name: z.string(),
  functionName: z.string(),
  alias: z.string(),
  version: z.string().regex(/^\d+$/),
  codeDeploy: z.object({ application: z.string(), deploymentGroup: z.string() }).optional(),
});
export type Entry = z.infer<typeof Entry>;

/** The `rollout` output of a deploy (stacks/aws/index.ts). */
export function entriesOf(outputsJson: string): Entry[] {
  return z.object({ rollout: z.array(Entry).min(1) }).parse(JSON.parse(outputsJson)).rollout;
}

/** The AppSpec of a Lambda deployment: the alias moves from the version it serves to the new one. */
export function appSpec(entry: Entry, currentVersion: string) {
  return JSON.stringify({
    version: 0.0,
    Resources: [
      {
        [entry.name]: {
          Type: "AWS::Lambda::Function",
          Properties: {
            Name: entry.functionName,
            Alias: entry.alias,
            CurrentVersion: currentVersion,
            TargetVersion: entry.version,
          },
        },
      },
    ],
  });
}

/** Lambda's timestamps end in `+0000`; Date wants `+00:00`. */
export function lambdaTime(value: string) {
  const ms = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
  if (Number.isNaN(ms)) throw new Error(`not a time: ${value}`);
  return ms;
}

/**
 * The version to roll back to: none when the alias serves a version published before `since` (this deploy
 * did not change the function); else the newest version published before `since`.
 */
export function previousVersion(
  versions: { version: string; lastModified: string }[],
  serving: string,
  since: number,
): string | undefined {
  const published = versions.filter((v) => /^\d+$/.test(v.version));
  const current = published.find((v) => v.version === serving);
  if (!current || lambdaTime(current.lastModified) < since) return undefined;
  return published
    .filter((v) => lambdaTime(v.lastModified) < since && Number(v.version) < Number(serving))
    .sort((a, b) => Number(b.version) - Number(a.version))[0]?.version;
}

const lambda = new LambdaClient({});
const codeDeploy = new CodeDeployClient({});

async function serving(entry: Entry) {
  const alias = await lambda.send(
    new GetAliasCommand({ FunctionName: entry.functionName, Name: entry.alias }),
  );
  const weights = alias.RoutingConfig?.AdditionalVersionWeights ?? {};
  return { version: alias.FunctionVersion!, shifting: Object.keys(weights).length > 0 };
}

async function shift(entries: Entry[]) {
  const started: { entry: Entry; id: string }[] = [];
  const stale: string[] = [];
  for (const entry of entries) {
    const now = await serving(entry);
    if (now.version === entry.version && !now.shifting) continue;
    if (!entry.codeDeploy) {
      stale.push(`${entry.name} serves ${now.version}, not ${entry.version}`);
      continue;
    }
    const { deploymentId } = await codeDeploy.send(
      new CreateDeploymentCommand({
        applicationName: entry.codeDeploy.application,
        deploymentGroupName: entry.codeDeploy.deploymentGroup,
        description: `${entry.name}: ${now.version} → ${entry.version}`,
        revision: {
          revisionType: "AppSpecContent",
          appSpecContent: { content: appSpec(entry, now.version) },
        },
      }),
    );
    console.log(`${entry.name}: canary ${now.version} → ${entry.version} (${deploymentId})`);
    started.push({ entry, id: deploymentId! });
  }
  if (stale.length) throw new Error(`aliases not on this deploy's versions: ${stale.join("; ")}`);
  const failed: string[] = [];
  for (const { entry, id } of started) {
    for (;;) {
      const { deploymentInfo } = await codeDeploy.send(new GetDeploymentCommand({ deploymentId: id }));
      const status = deploymentInfo?.status;
      if (status === "Succeeded") {
        console.log(`${entry.name}: now serves ${entry.version}`);
        break;
      }
      if (status === "Failed" || status === "Stopped") {
        console.log(
          `${entry.name}: ${status}, rolled back (${deploymentInfo?.errorInformation?.message ?? ""})`,
        );
        failed.push(entry.name);
        break;
      }
      await new Promise((r) => setTimeout(r, 15_000));
    }
  }
  if (failed.length) {
    // One function's canary failed: the others go back too, so the stage runs one release, not a mix.
    await stopAll(started.filter((s) => !failed.includes(s.entry.name)).map((s) => s.id));
    throw new Error(`canary failed for ${failed.join(", ")}`);
  }
  console.log(
    started.length ? `shift: ${started.length} function(s) shifted` : "shift: every alias is current",
  );
}

async function stopAll(ids: string[]) {
  for (const deploymentId of ids)
    await codeDeploy
      .send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true }))
      .catch((error) => console.log(`${deploymentId}: not stopped (${error.name}), see rollback`));
}

async function rollback(entries: Entry[], since: number) {
  let moved = 0;
  for (const entry of entries) {
    const now = await serving(entry);
    const versions: { version: string; lastModified: string }[] = [];
    let Marker: string | undefined;
    do {
      const page = await lambda.send(
        new ListVersionsByFunctionCommand({ FunctionName: entry.functionName, Marker }),
      );
      for (const v of page.Versions ?? [])
        versions.push({ version: v.Version!, lastModified: v.LastModified! });
      Marker = page.NextMarker;
    } while (Marker);
    const to = previousVersion(versions, now.version, since);
    if (!to && !now.shifting) continue;
    await lambda.send(
      new UpdateAliasCommand({
        FunctionName: entry.functionName,
        Name: entry.alias,
        FunctionVersion: to ?? now.version,
        RoutingConfig: { AdditionalVersionWeights: {} },
      }),
    );
    console.log(`${entry.name}: ${now.version} → ${to ?? now.version}`);
    moved++;
  }
  console.log(`rollback: ${moved} alias(es) moved back`);
}

function option(name: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const command = process.argv[2];
  const entries = entriesOf(readFileSync(option("outputs") ?? ".sst/outputs.json", "utf8"));
  if (command === "shift") return shift(entries);
  if (command === "rollback") {
    const since = option("since");
    if (!since) throw new Error("rollback needs --since <ISO time of the deploy's start>");
    return rollback(entries, Date.parse(since));
  }
  throw new Error("usage: tsx scripts/rollout.ts shift|rollback [--outputs <file>] [--since <ISO time>]");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]))
  await main().catch((error) => {
    console.error(`rollout: failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
