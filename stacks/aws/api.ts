import { urlFunctions } from "../topology";
import type { Resources } from "./resources";
import { functionArgs } from "./runtime";

/** Lean public APIs on Lambda function URLs: no API Gateway in front, the handler owns routing and auth. */
export function createApis(resources: Resources) {
  return Object.fromEntries(
    urlFunctions.map((f) => [
      f.name,
      new sst.aws.Function(f.name, {
        ...functionArgs(f, resources),
        url: true,
      }),
    ]),
  );
}
