import { needs } from "./needs";
import { pick, type Resources } from "./resources";

/** The newest Node.js Lambda runtime this SST version offers, on Graviton (cheaper per ms). */
export const runtime = "nodejs24.x";
export const architecture = "arm64";

/**
 * A topology function as SST function arguments, linking what `needs` lists for it. Bundling stays on SST's
 * defaults (esbuild, ESM, minified, tree-shaken, nothing left to `install`): a package holds what its
 * handler imports. Each deploy that changes it publishes a version, which its `live` alias serves
 * (live.ts); `more` are permissions its trigger needs (a stream's reads).
 */
export function functionArgs(
  fn: {
    name: keyof typeof needs;
    handler: string;
    environment?: readonly string[];
    permissions?: readonly { actions: readonly string[]; resources: readonly string[] }[];
  },
  resources: Resources,
  more: { actions: string[]; resources: $util.Input<string>[] }[] = [],
): sst.aws.FunctionArgs {
  const permissions = [
    ...(fn.permissions ?? []).map((p) => ({ actions: [...p.actions], resources: [...p.resources] })),
    ...more,
  ];
  return {
    handler: fn.handler,
    runtime,
    architecture,
    link: pick(resources, needs[fn.name]),
    environment: environmentOf(fn.environment ?? []),
    ...(permissions.length ? { permissions } : {}),
    versioning: true,
    // X-Ray: Powertools Tracer (packages/functions/src/lib/lambda.ts) writes the subsegments.
    transform: { function: { tracingConfig: { mode: "Active" } } },
  };
}

/** The named variables that the deploying shell sets (unset ones keep the code's defaults). */
export function environmentOf(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
}
