import * as Alert from "@bourse/core/alert";
import * as Email from "@bourse/core/email";
import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { adminOnly, body, empty, error, internal, json, jsonErrors, memberOnly } from "./contract";

/** The alerts contract: a member's alert rules, the one-click unsubscribe their mails carry, the mail queue. */

export const schemas = { AlertRule: Alert.Info, AlertRuleInput: Alert.Input, AlertRulePatch: Alert.Patch };

const rulePath = z.object({ id: z.string().describe("the rule's id") });
const one = z.object({ alert: Alert.Info });
const noSuchRule = error("No such rule of the caller's (another owner's id too)");

export const paths: ZodOpenApiPathsObject = {
  "/api/alerts": {
    get: {
      operationId: "listAlerts",
      summary: "The caller's alert rules, oldest first (members only)",
      responses: {
        "200": json(`At most ${Alert.MAX_RULES}`, z.object({ items: z.array(Alert.Info) })),
        ...memberOnly,
        "500": internal,
      },
    },
    post: {
      operationId: "createAlert",
      summary: `A new alert rule on a ticker or one of your watchlists (at most ${Alert.MAX_RULES})`,
      description:
        "Sentiment above/below a threshold over the last hour or day, or more than N articles in an hour. After firing (one mail to your address) the rule stays quiet for its cooldown.",
      requestBody: body(Alert.Input),
      responses: {
        "201": json("The new rule", one),
        ...jsonErrors,
        "400": error("Invalid input (validation_failed) or unknown_ticker"),
        ...memberOnly,
        "404": error("No such watchlist of yours"),
        "409": error(`The caller already has ${Alert.MAX_RULES} rules (alert_limit)`),
        "500": internal,
      },
    },
  },
  "/api/alerts/{id}": {
    get: {
      operationId: "getAlert",
      summary: "One of the caller's alert rules",
      requestParams: { path: rulePath },
      responses: { "200": json("The rule", one), ...memberOnly, "404": noSuchRule, "500": internal },
    },
    patch: {
      operationId: "updateAlert",
      summary: "Change a rule's target, condition, cooldown or switch it on/off",
      requestParams: { path: rulePath },
      requestBody: body(Alert.Patch),
      responses: {
        "200": json("The new state", one),
        ...jsonErrors,
        ...memberOnly,
        "404": noSuchRule,
        "409": error("Changed by another request meanwhile (conflict): try again"),
        "500": internal,
      },
    },
    delete: {
      operationId: "deleteAlert",
      summary: "Delete a rule (frees a place under the limit)",
      requestParams: { path: rulePath },
      responses: { "204": empty("Deleted"), ...memberOnly, "404": noSuchRule, "500": internal },
    },
  },
  "/api/admin/mail": {
    get: {
      operationId: "getMailQueue",
      summary:
        "The mail queue: counts by status (queued, sending, retrying, dead, …) and the latest dead mail (admins)",
      responses: {
        "200": json(
          "The queue",
          z.object({
            counts: z.record(Email.Status, z.number()),
            dead: z.array(Email.Info).describe("the latest 20 dead mails, redacted"),
          }),
        ),
        ...adminOnly,
        "500": internal,
      },
    },
  },
  "/api/alerts/unsubscribe": {
    post: {
      operationId: "unsubscribeAlert",
      summary: "One-click unsubscribe (RFC 8058): switches off the rule whose mail carried the token",
      requestParams: { query: z.object({ token: z.string().describe("the mailed token (a secret)") }) },
      responses: {
        "200": json("Switched off", z.object({ unsubscribed: z.literal(true) })),
        "404": error("Unknown or expired link (invalid_link)"),
        "500": internal,
      },
    },
  },
};
