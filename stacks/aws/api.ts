import { urlFunctions } from "../topology";
import type { Live } from "./live";
import type { Resources } from "./resources";
import { functionArgs } from "./runtime";

/**
 * Lean public APIs on Lambda function URLs: no API Gateway in front, the handler owns routing and auth.
 * Each is mounted on the Router under its topology path (the path reaches the handler unchanged), so it
 * shares the app's one origin and inherits the Router's protection (OAC: its URL answers CloudFront only).
 * The URL is the `live` alias's (live.ts qualifies it), so the Router's origin is the alias.
 */
export function createApis(resources: Resources, router: sst.aws.Router, live: Live) {
  return Object.fromEntries(
    urlFunctions.map((f) => {
      const fn = new sst.aws.Function(f.name, {
        ...functionArgs(f, resources),
        url: { router: { instance: router, path: f.path } },
      });
      live.publish({ name: f.name, kind: "url" }, fn);
      return [f.name, fn];
    }),
  );
}
