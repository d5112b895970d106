import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BASE_MS, CAP_MS, MAX_ATTEMPTS, retryDelay } from "./retry";

describe("mail retry schedule", () => {
  it("waits between half and all of an exponential step, capped", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (n, r) => {
          const step = Math.min(CAP_MS, BASE_MS * 2 ** (n - 1));
          const wait = retryDelay(n, () => r);
          expect(wait).toBeGreaterThanOrEqual(step / 2);
          expect(wait).toBeLessThanOrEqual(step);
        },
      ),
    );
    expect(retryDelay(1, () => 0)).toBe(BASE_MS / 2);
    expect(retryDelay(30, () => 1)).toBe(CAP_MS);
  });

  it("spans more than 20 minutes before the last attempt however the jitter falls", () => {
    let least = 0;
    for (let n = 1; n < MAX_ATTEMPTS; n++) least += retryDelay(n, () => 0);
    expect(least).toBeGreaterThan(20 * 60_000);
  });
});
