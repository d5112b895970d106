import { expect, test } from "@playwright/test";
import { passed, smoke } from "../scripts/smoke";

// The deploy smoke test (scripts/smoke.ts), pointed at the local platform's production build: the very
// script CI runs against a stage's URL after each deploy.
test("the deploy smoke test passes against the local platform", async ({ baseURL }) => {
  const checks = await smoke(baseURL!);
  expect(checks.map((c) => `${c.name}: ${c.detail}`)).toEqual([
    "health is green: ok",
    "a visitor signs up: ok",
    "a calculation is exact: ok",
    "the member reads their feed: ok",
  ]);
  expect(passed(checks)).toBe(true);
});
