import * as Order from "@bourse/core/order";
import * as Partner from "@bourse/core/partner";
import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { body, empty, error, internal, json, jsonErrors, pagedGet, pageOf } from "./contract";
import { queryOf } from "./query";

/** The partner order feeds contract: ingestion with an API key, orders, errors, rules, operators. */

export const OrdersQuery = queryOf(Order.ListInput);
export const ErrorsQuery = queryOf(Order.ErrorsInput);
export const DashboardQuery = queryOf(Order.DashboardInput);

export const schemas = {
  OrderEvent: Order.Event,
  OrderResult: Order.Result,
  Order: Order.Info,
  OrderError: Order.ErrorInfo,
  OrderRules: Order.RulesInfo,
  PartnerOperator: Partner.OperatorInfo,
  OrderDashboard: Order.Dashboard,
};

const path = z.object({ id: z.string().describe("the partner's id") });
const readers = {
  "401": error("No credential, or a wrong or revoked key (invalid_api_key)"),
  "403": error("Another partner's key, or neither an operator of this partner nor an administrator"),
};
const admin = { "401": error("Not signed in"), "403": error("Not an administrator") };

export const paths: ZodOpenApiPathsObject = {
  "/api/partners/{id}/orders": {
    post: {
      operationId: "pushOrders",
      summary: "Push order events (the partner's x-api-key)",
      description:
        "One event, or `{ events: [...] }` with up to 500. Valid events get the partner's next gap-free sequence number; a retried orderId gets its first sequence back; refused ones are kept in the error log 30 days.",
      requestParams: { path },
      requestBody: body(z.union([Order.Event, z.object({ events: z.array(Order.Event).min(1).max(500) })])),
      responses: {
        "200": json("One result per event, in request order", z.object({ results: z.array(Order.Result) })),
        ...jsonErrors,
        "401": error("No key, or a wrong or revoked key (invalid_api_key)"),
        "403": error("A key of another partner"),
        "413": error("Body over 512 KiB (payload_too_large)"),
        "500": internal,
      },
    },
    get: pagedGet({
      operationId: "listOrders",
      summary: "A partner's orders by sequence (fromSeq/toSeq) or event time (from/to)",
      path,
      query: OrdersQuery,
      answer: "A page of orders",
      page: pageOf(Order.Info),
      responses: readers,
    }),
  },
  "/api/partners/{id}/errors": {
    get: pagedGet({
      operationId: "listOrderErrors",
      summary: "A partner's refused events by time received, with reasons (kept 30 days)",
      path,
      query: ErrorsQuery,
      answer: "A page of refused events",
      page: pageOf(Order.ErrorInfo),
      responses: readers,
    }),
  },
  "/api/partners/{id}/dashboard": {
    get: {
      operationId: "getOrderDashboard",
      summary: "A partner's orders and refusals per minute, and its failure-rate alarm",
      requestParams: { path, query: DashboardQuery },
      responses: { "200": json("The dashboard", Order.Dashboard), ...readers, "500": internal },
    },
  },
  "/api/partners/mine": {
    get: {
      operationId: "listMyPartners",
      summary: "The partners the signed-in member operates",
      responses: {
        "200": json("The partners", z.object({ items: z.array(Partner.Info) })),
        "401": error("Not signed in"),
        "403": error("Not a member (account_required)"),
        "500": internal,
      },
    },
  },
  "/api/partners/{id}/rules": {
    get: {
      operationId: "getOrderRules",
      summary: "A partner's validation rules",
      requestParams: { path },
      responses: { "200": json("The rules", Order.RulesInfo), ...readers, "500": internal },
    },
    put: {
      operationId: "putOrderRules",
      summary: "Set a partner's validation rules (administrators)",
      requestParams: { path },
      requestBody: body(Order.Rules),
      responses: {
        "200": json("The rules", Order.RulesInfo),
        ...jsonErrors,
        ...admin,
        "404": error("No such partner"),
        "500": internal,
      },
    },
  },
  "/api/partners/{id}/operators": {
    get: {
      operationId: "listPartnerOperators",
      summary: "Members linked to a partner as its operators (administrators)",
      requestParams: { path },
      responses: {
        "200": json("The operators", z.object({ items: z.array(Partner.OperatorInfo) })),
        ...admin,
        "500": internal,
      },
    },
    post: {
      operationId: "addPartnerOperator",
      summary: "Link a member, by @handle, to a partner as an operator (administrators)",
      requestParams: { path },
      requestBody: body(z.object({ handle: z.string() })),
      responses: {
        "201": json("Linked", z.object({ userID: z.string(), handle: z.string().nullable() })),
        ...jsonErrors,
        ...admin,
        "404": error("No such partner or member"),
        "500": internal,
      },
    },
  },
  "/api/partners/{id}/operators/{userId}": {
    delete: {
      operationId: "removePartnerOperator",
      summary: "Unlink an operator (administrators)",
      requestParams: { path: path.extend({ userId: z.string() }) },
      responses: { "204": empty("Unlinked"), ...admin, "500": internal },
    },
  },
};
