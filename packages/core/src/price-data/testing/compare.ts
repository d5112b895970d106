import { expect } from "vitest";

/** Within 1e-9, relative to the figure's size (volumes are ~1e8): an exact comparison of float math. */
export const TOLERANCE = 1e-9;

/** Deep equality where every number may differ by TOLERANCE × max(1, |expected|). */
export function expectClose(actual: unknown, expected: unknown, path = "$"): void {
  if (typeof expected === "number" && typeof actual === "number") {
    const allowed = TOLERANCE * Math.max(1, Math.abs(expected));
    if (Math.abs(actual - expected) > allowed)
      expect.fail(`${path}: ${actual} is not within ${allowed} of ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    for (const [i, e] of expected.entries()) expectClose((actual as unknown[])[i], e, `${path}[${i}]`);
    return;
  }
  if (expected && typeof expected === "object") {
    expect(actual && typeof actual === "object", `${path} is an object`).toBeTruthy();
    expect(Object.keys(actual as object).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const [k, e] of Object.entries(expected))
      expectClose((actual as Record<string, unknown>)[k], e, `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}
