/** Calc: the lean calculation API, a function URL mounted on the Router under its path. */
import type { UrlFunction } from "./functions";

export const urlFunctions = [
  { name: "CalcApi", handler: "packages/functions/src/api/calc.handler", path: "/calc-api" },
] as const satisfies readonly UrlFunction[];
