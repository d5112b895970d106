import * as Breaker from "@bourse/core/resilience/breaker";
import * as Chaos from "@bourse/core/resilience/chaos";
import * as Quota from "@bourse/core/resilience/quota";
import * as Status from "@bourse/core/resilience/status";
import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { adminOnly, body, internal, json, jsonErrors } from "./contract";

/** The resilience contract: circuit breakers, quotas and chaos switches (administrators only). */

// Breakers, switches and quotas are named once, inside the status (a second name would split them in two).
export const schemas = {
  ChaosInput: Chaos.SetInput,
  ResilienceStatus: Status.Info,
};

export const paths: ZodOpenApiPathsObject = {
  "/api/admin/resilience": {
    get: {
      operationId: "getResilienceStatus",
      summary: "Breakers, quotas, chaos switches, the mail queue, recent failures and caches in one read",
      responses: { "200": json("The status", Status.Info), ...adminOnly, "500": internal },
    },
  },
  "/api/admin/breakers": {
    get: {
      operationId: "listBreakers",
      summary: "Each outside service's circuit breaker, with its transitions of the last 7 days",
      responses: {
        "200": json("One per service", z.object({ items: z.array(Breaker.Info) })),
        ...adminOnly,
        "500": internal,
      },
    },
  },
  "/api/admin/quotas": {
    get: {
      operationId: "listQuotas",
      summary: "Each news provider's requests this minute and today, against its limits",
      responses: {
        "200": json("One per provider", z.object({ items: z.array(Quota.Info) })),
        ...adminOnly,
        "500": internal,
      },
    },
  },
  "/api/admin/chaos": {
    get: {
      operationId: "listChaos",
      summary: "Every chaos switch, with the time it has left",
      responses: {
        "200": json("One per target", z.object({ items: z.array(Chaos.Info) })),
        ...adminOnly,
        "500": internal,
      },
    },
  },
  "/api/admin/chaos/{target}": {
    put: {
      operationId: "setChaos",
      summary: "Make an outside service misbehave for some minutes (default 10), or turn it off",
      description:
        "Every instance obeys. On AWS the adapter acts as if the service failed; locally its wire-format " +
        "server misbehaves for real.",
      requestParams: { path: z.object({ target: Chaos.Target }) },
      requestBody: body(Chaos.SetInput),
      responses: {
        "200": json("The switch as set", z.object({ switch: Chaos.Info })),
        ...jsonErrors,
        ...adminOnly,
        "500": internal,
      },
    },
  },
};
