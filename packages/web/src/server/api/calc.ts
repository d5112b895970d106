import * as Calc from "@bourse/core/calc";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { body, error, internal, json, jsonErrors, pagedGet, pageOf } from "./contract";
import { queryOf } from "./query";

/** The calc contract: exact decimal calculations and the caller's 30-day history. */

export const CalcHistoryQuery = queryOf(Calc.HistoryInput);

export const schemas = { Calculation: Calc.Info, CalculationRequest: Calc.RunInput };

export const SEMANTICS = [
  "Exact decimal arithmetic: 34 significant digits, every step rounded half to even (0.1 + 0.2 is 0.3).",
  "Operations apply left to right: subtract a − b − c, divide (a / b) / c, power (a ^ b) ^ c, modulo the",
  "remainder of truncated division (the sign of the dividend). Operands: 2 to 100, each a finite JSON number",
  "(read as its shortest decimal form) or a plain decimal string of at most 1,000 characters (no exponent).",
  "Results are plain decimal strings; one whose magnitude leaves 1e-1000..1e1000 is refused (overflow).",
  "400 codes: division_by_zero (divide or modulo by zero, zero to a negative power), not_a_real_number",
  "(a negative base to a fractional power), overflow, validation_failed (anything else malformed).",
  "Members and guests (bearer token or session cookie) keep a 30-day history; without credentials the",
  "result is answered, not stored. The same API runs as a lean Lambda function URL (CalcApi: POST / and",
  "GET /history, bearer tokens only).",
].join(" ");

export const paths: ZodOpenApiPathsObject = {
  "/api/calc": {
    post: {
      operationId: "calculate",
      summary:
        "Calculate exactly over 2 to 100 operands (public; stored in the history of members and guests)",
      description: SEMANTICS,
      requestBody: body(Calc.RunInput),
      responses: {
        "200": json("The calculation", Calc.Info),
        ...jsonErrors,
        "400": error(
          "division_by_zero, not_a_real_number, overflow, invalid_json or validation_failed (with details)",
        ),
        "401": error(
          "An invalid or expired bearer token, or an expired session cookie (refresh, then resend)",
        ),
        "403": error("origin_mismatch"),
        "500": internal,
      },
    },
  },
  "/api/calc/history": {
    get: pagedGet({
      operationId: "listCalculations",
      summary: "The caller's calculations of the last 30 days, newest first (members and guests)",
      query: CalcHistoryQuery,
      answer: "A page of calculations",
      page: pageOf(Calc.Info),
      responses: { "401": error("No credentials: calculations without them are not stored") },
    }),
  },
};
