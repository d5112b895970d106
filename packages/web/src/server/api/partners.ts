import * as Partner from "@bourse/core/partner";
import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { body, empty, error, internal, json, jsonErrors, pagedGet, pageOf } from "./contract";
import { queryOf } from "./query";

/** The partners contract: brokerage partners and their API keys (administrators). */

export const PartnersQuery = queryOf(Partner.ListInput);

export const schemas = {
  Partner: Partner.Info,
  PartnerKey: Partner.KeyInfo,
  CreatedPartnerKey: Partner.CreatedKey,
};

const admin = {
  "401": error("Not signed in"),
  "403": error("Not an administrator (forbidden), or origin_mismatch"),
};
const partnerPath = z.object({ id: z.string().describe("the partner's id") });

export const paths: ZodOpenApiPathsObject = {
  "/api/partners": {
    get: pagedGet({
      operationId: "listPartners",
      summary: "Brokerage partners (administrators)",
      query: PartnersQuery,
      answer: "A page of partners",
      page: pageOf(Partner.Info),
      responses: admin,
    }),
    post: {
      operationId: "createPartner",
      summary: "Register a brokerage partner (administrators)",
      requestBody: body(Partner.create.schema),
      responses: { "201": json("The partner", Partner.Info), ...jsonErrors, ...admin, "500": internal },
    },
  },
  "/api/partners/{id}/keys": {
    get: {
      operationId: "listPartnerKeys",
      summary: "A partner's API keys, without their secrets (administrators)",
      requestParams: { path: partnerPath },
      responses: {
        "200": json("The keys, newest first", z.object({ items: z.array(Partner.KeyInfo) })),
        ...admin,
        "500": internal,
      },
    },
    post: {
      operationId: "createPartnerKey",
      summary: "A new API key for a partner, shown once (administrators)",
      description: "The partner sends it in the `x-api-key` header.",
      requestParams: { path: partnerPath },
      responses: {
        "201": json("The key: store it now, it is never shown again", Partner.CreatedKey),
        ...admin,
        "404": error("No such partner"),
        "500": internal,
      },
    },
  },
  "/api/partners/{id}/keys/{keyId}": {
    delete: {
      operationId: "revokePartnerKey",
      summary: "Revoke an API key at once (administrators)",
      requestParams: {
        path: partnerPath.extend({ keyId: z.string().describe("the key's id") }),
      },
      responses: { "204": empty("Revoked"), ...admin, "404": error("No such key"), "500": internal },
    },
  },
};
