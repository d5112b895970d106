import * as Calc from "@bourse/core/calc";
import { urlFunction } from "../lib/url-function";

/**
 * The calc API as a lean function URL: `POST /` calculates, `GET /history` pages the caller's history
 * (mounted under /calc-api on the Router). The same core verbs serve the web app's /api/calc.
 */
export const handler = urlFunction("CalcApi", "/calc-api", {
  "POST /": async (req) => Calc.run(req.json() as never),
  "GET /history": async (req) =>
    Calc.history({
      cursor: req.query.cursor,
      limit: req.query.limit === undefined ? undefined : Number(req.query.limit),
    } as never),
});
