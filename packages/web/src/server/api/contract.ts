import * as z from "zod";
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiParameters,
  ZodOpenApiRequestBodyObject,
  ZodOpenApiResponseObject,
  ZodOpenApiResponsesObject,
} from "zod-openapi";
import { ErrorBody } from "@/server/respond";

/**
 * The pieces every API contract module (server/api/<domain>.ts) builds its paths from, so the same answer
 * is described the same way everywhere.
 */

export const json = (description: string, schema: z.ZodType): ZodOpenApiResponseObject => ({
  description,
  content: { "application/json": { schema } },
});
export const error = (description: string) => json(description, ErrorBody);
export const empty = (description: string): ZodOpenApiResponseObject => ({ description });
export const body = (schema: z.ZodType): ZodOpenApiRequestBodyObject => ({
  required: true,
  content: { "application/json": { schema } },
});

export const internal = error("Internal error (logged with the response's x-request-id)");
/** What a route taking a JSON body may also answer (route.json). */
export const jsonErrors = {
  "400": error("Malformed JSON (invalid_json) or invalid input (validation_failed, with details per field)"),
  "413": error("Body over 1 MiB (payload_too_large)"),
  "415": error("Body not sent as application/json"),
};
export const memberOnly = {
  "401": error("Not signed in"),
  "403": error("Not a member: anonymous visitors may read but not act (account_required)"),
};
export const adminOnly = {
  "401": error("Not signed in"),
  "403": error("Not an administrator"),
};
export const badQuery = { "400": error("Invalid query or cursor") };

/** One page of a list: the items and the opaque cursor of the next page. */
export const pageOf = (item: z.ZodType) =>
  z.object({
    items: z.array(item),
    cursor: z.string().nullable().describe("pass it back as `?cursor=` for the next page; null on the last"),
  });

/** A GET of one of the API's lists, a page at a time; `responses` adds what else it may answer. */
export function pagedGet({
  operationId,
  summary,
  path,
  query,
  answer,
  page,
  responses = {},
}: {
  operationId: string;
  summary: string;
  path?: ZodOpenApiParameters["path"];
  query: ZodOpenApiParameters["query"];
  answer: string;
  page: z.ZodType;
  responses?: ZodOpenApiResponsesObject;
}): ZodOpenApiOperationObject {
  return {
    operationId,
    summary,
    requestParams: path ? { path, query } : { query },
    responses: { "200": json(answer, page), ...badQuery, ...responses, "500": internal },
  };
}
