import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDomainError } from "../error";
import * as Calc from ".";
import * as R from "./testing/rational";

/**
 * Every operation against an independent reference (exact BigInt rationals, rounded to 34 digits half to
 * even after each step), errors included: the same result string, or the same error code. Calls without
 * an actor are public: nothing is stored, so these run fast.
 */

type Outcome = { result: string } | { code: string };

function outcome(run: () => string): Outcome {
  try {
    return { result: run() };
  } catch (error) {
    if (isDomainError(error)) return { code: error.code };
    throw error;
  }
}

async function actual(operation: Calc.Operation, operands: unknown[]): Promise<Outcome> {
  try {
    return { result: (await Calc.run({ operation, operands } as never)).result };
  } catch (error) {
    if (isDomainError(error)) return { code: error.code };
    throw error;
  }
}

function reference(operation: Calc.Operation, operands: (string | number)[]): Outcome {
  return outcome(() => {
    const values = operands.map((o) => R.parse(String(o)));
    let acc = values[0] as R.Q;
    for (const b of values.slice(1)) {
      const zero = b.n === 0n;
      switch (operation) {
        case "add":
          acc = R.add(acc, b);
          break;
        case "subtract":
          acc = R.sub(acc, b);
          break;
        case "multiply":
          acc = R.mul(acc, b);
          break;
        case "divide":
          if (zero) throw new Calc.CalcError("division_by_zero", "");
          acc = R.div(acc, b);
          break;
        case "modulo":
          if (zero) throw new Calc.CalcError("division_by_zero", "");
          acc = R.mod(acc, b);
          break;
        case "power":
          if (b.d !== 1n) throw new Error("the reference takes integer exponents only");
          if (acc.n === 0n && b.n < 0n) throw new Calc.CalcError("division_by_zero", "");
          acc = R.intPow(acc, Number(b.n));
          break;
      }
      acc = R.round(acc);
      if (R.outOfRange(acc)) throw new Calc.CalcError("overflow", "");
    }
    return R.plain(acc);
  });
}

/** Decimal strings of up to 40 digits at scales of 0..40, zero often enough to hit division by zero. */
const decimalText = fc
  .tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 40 }))
  .map(([digits, scale]) => {
    const text = (digits < 0n ? -digits : digits).toString().padStart(scale + 1, "0");
    const whole = text.slice(0, text.length - scale);
    const fraction = text.slice(text.length - scale);
    return `${digits < 0n ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
  });
const operand = fc.oneof(
  { weight: 5, arbitrary: decimalText },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom("0", "0.0", "-0", "1", "-1", `1${"0".repeat(999)}`) },
);
const operands = fc.array(operand, { minLength: 2, maxLength: 6 });

describe("Calc.run against the rational reference", () => {
  for (const operation of ["add", "subtract", "multiply", "divide", "modulo"] as const)
    it(`${operation}`, async () => {
      await fc.assert(
        fc.asyncProperty(operands, async (values) => {
          expect(await actual(operation, values)).toEqual(reference(operation, values));
        }),
        { numRuns: 300 },
      );
    });

  it("power with integer exponents, zero and negative ones included", async () => {
    const base = fc.oneof(
      decimalText.filter((t) => t.replace(/[-.0]/g, "").length <= 12),
      fc.integer({ min: -20, max: 20 }),
    );
    const exponent = fc.integer({ min: -12, max: 12 });
    await fc.assert(
      fc.asyncProperty(base, fc.array(exponent, { minLength: 1, maxLength: 3 }), async (b, exps) => {
        const values = [b, ...exps];
        expect(await actual("power", values)).toEqual(reference("power", values));
      }),
      { numRuns: 300 },
    );
  });

  it("power overflows (or leaves the range) when the exponent would get there, however large", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 1000 }),
        fc.bigInt({ min: 3400n, max: 10n ** 30n }), // 2^3400 > 1e1023
        fc.boolean(),
        async (base, exponent, negative) => {
          const e = (negative ? -exponent : exponent).toString();
          expect(await actual("power", [base, e])).toEqual({ code: "overflow" });
        },
      ),
      { numRuns: 100 },
    );
    expect(await actual("power", ["10", "1000"])).toEqual({ result: `1${"0".repeat(1000)}` });
    expect(await actual("multiply", [`1${"0".repeat(999)}`, "10.1"])).toEqual({ code: "overflow" });
    expect(await actual("divide", ["1", `1${"0".repeat(999)}`, "100"])).toEqual({ code: "overflow" });
  });

  it("refuses a negative base to a fractional power, and zero to a negative power", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10 ** 6 }),
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: -50, max: 50 }),
        async (base, fraction, whole) => {
          const exponent = `${whole}.${String(fraction).padStart(3, "0")}`;
          expect(await actual("power", [-base, exponent])).toEqual({ code: "not_a_real_number" });
          expect(await actual("power", ["0", `-${Math.abs(whole) + 1}`])).toEqual({
            code: "division_by_zero",
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it("works positive powers with fractional exponents to 34 digits", async () => {
    expect(await actual("power", ["2", "0.5"])).toEqual({ result: "1.414213562373095048801688724209698" });
    expect(await actual("power", ["16", "0.25", "3"])).toEqual({ result: "8" });
  });

  it("answers the documented examples", async () => {
    expect(await actual("add", [0.1, 0.2])).toEqual({ result: "0.3" });
    expect(await actual("subtract", [10, 1, 2])).toEqual({ result: "7" });
    expect(await actual("divide", [1, 3])).toEqual({ result: "0.3333333333333333333333333333333333" });
    expect(await actual("divide", [2, 3])).toEqual({ result: "0.6666666666666666666666666666666667" });
    expect(await actual("power", [2, 3, 2])).toEqual({ result: "64" });
    expect(await actual("modulo", [-7, 3])).toEqual({ result: "-1" });
    expect(await actual("modulo", [7, -3])).toEqual({ result: "1" });
    // Ties go to the even neighbour: 34 nines plus a half rounds up, ...2|5 stays at 2.
    expect(await actual("add", ["1000000000000000000000000000000002", "0.5"])).toEqual({
      result: "1000000000000000000000000000000002",
    });
    expect(await actual("add", ["1000000000000000000000000000000003", "0.5"])).toEqual({
      result: "1000000000000000000000000000000004",
    });
  });

  it("refuses what is not 2..100 finite numbers or plain decimal strings as validation_failed", async () => {
    const bad = fc.oneof(
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, true, {}, []),
      fc.constantFrom("1e5", "+1", " 1", "1.", ".5", "0x10", "", "١٢", "1_000", `1${"0".repeat(1000)}`),
      fc.string().filter((s) => !/^-?\d+(?:\.\d+)?$/.test(s)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Calc.Operation.options),
        fc.array(decimalText, { maxLength: 3 }),
        bad,
        fc.nat(),
        async (operation, good, wrong, at) => {
          const values: unknown[] = [...good, ...good];
          values.splice(at % (values.length + 1), 0, wrong);
          expect(await actual(operation, values)).toEqual({ code: "validation_failed" });
        },
      ),
      { numRuns: 200 },
    );
    for (const count of [0, 1, 101])
      expect(await actual("add", Array(count).fill("1"))).toEqual({ code: "validation_failed" });
    expect(await actual("add", Array(100).fill("1"))).toEqual({ result: "100" });
    expect(await actual("root" as never, [1, 2])).toEqual({ code: "validation_failed" });
  });
});
