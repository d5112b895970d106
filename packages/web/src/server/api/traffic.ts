import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import * as Traffic from "../traffic/run";
import { adminOnly, body, error, internal, json, jsonErrors } from "./contract";

/** The traffic generator's contract: the status page's button (administrators, loopback stacks only). */

export const schemas = { TrafficInput: Traffic.Input, TrafficRun: Traffic.Progress };

const run = z.object({ run: Traffic.Progress.nullable().describe("null before the first run") });

export const paths: ZodOpenApiPathsObject = {
  "/api/admin/traffic": {
    post: {
      operationId: "startTraffic",
      summary: "Drive the traffic generator's mix against this app's own loopback origin, for minutes",
      description:
        `At most ${Traffic.MAX_MINUTES} minutes and ${Traffic.MAX_RPS} requests a second; it stops by itself. ` +
        "Refused (409 not_local) where the public URL is not a loopback address, as on AWS.",
      requestBody: body(Traffic.Input),
      responses: {
        "202": json("Started", z.object({ run: Traffic.Progress })),
        ...jsonErrors,
        ...adminOnly,
        "409": error("Another run is going on (traffic_running), or this stack is not local (not_local)"),
        "500": internal,
      },
    },
    get: {
      operationId: "getTraffic",
      summary: "The current or last run: remaining time, throughput, latency and errors per kind",
      responses: { "200": json("The run", run), ...adminOnly, "500": internal },
    },
    delete: {
      operationId: "stopTraffic",
      summary: "Stop the run going on (its requests in flight answer first)",
      responses: { "200": json("The run, stopped", run), ...adminOnly, "500": internal },
    },
  },
};
