import Decimal from "decimal.js";
import * as z from "zod";
import { ValidationError } from "../error";

/**
 * The calculation rules, pure: decimal arithmetic with 34 significant digits (IEEE 754 decimal128's
 * precision) rounded half to even after every step, applied left to right over the operands.
 */

export const PRECISION = 34;
/** Results must stay within 1e-1000 ≤ |x| ≤ 1e1000 (or be 0); beyond is `overflow`. */
export const EXPONENT_LIMIT = 1000;
export const MAX_OPERAND_CHARS = 1000;

export const Operation = z
  .enum(["add", "subtract", "multiply", "divide", "power", "modulo"])
  .describe(
    "applied left to right: subtract a − b − c, divide (a / b) / c, power (a ^ b) ^ c, modulo: the remainder with the sign of the dividend",
  );
export type Operation = z.infer<typeof Operation>;

/** A plain decimal: optional minus, digits, optional fraction. No exponent, no spaces, no leading plus. */
const PLAIN = /^-?\d+(?:\.\d+)?$/;

export const Operand = z
  .union([
    z.number().describe("a finite JSON number (read as its shortest decimal form: 0.1 is 0.1)"),
    z
      .string()
      .max(MAX_OPERAND_CHARS)
      .regex(PLAIN, "a plain decimal such as -12.5 (no exponent)")
      .describe("a plain decimal string, at most 1000 characters, kept exactly"),
  ])
  .describe("a JSON number or a decimal string");
export type Operand = z.infer<typeof Operand>;

export const Operands = z.array(Operand).min(2).max(100);

/** Each step is rounded to 34 digits half to even; powers are worked wider, then rounded once. */
const D = Decimal.clone({
  precision: PRECISION,
  rounding: Decimal.ROUND_HALF_EVEN,
  modulo: Decimal.ROUND_DOWN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
  maxE: 9e15,
  minE: -9e15,
});
/** Guard digits for powers, whose steps decimal.js does not round correctly at the working precision. */
const WIDE = D.clone({ precision: PRECISION + 30 });

/** A refusal of the calculation itself, with its own code: division_by_zero, not_a_real_number, overflow. */
export class CalcError extends ValidationError {
  constructor(code: "division_by_zero" | "not_a_real_number" | "overflow", message: string) {
    super(message, undefined, code);
  }
}

/** The operand's exact decimal text: a number as its shortest form, a string as given. */
export function textOf(operand: Operand): string {
  return typeof operand === "number" ? plain(new D(operand)) : operand;
}

/** The result of `operation` over `operands` as a plain decimal string (input already validated). */
export function evaluate(operation: Operation, operands: readonly Operand[]): string {
  const values = operands.map((o) => new D(o));
  let result = values[0] as Decimal;
  for (const value of values.slice(1)) result = checked(STEP[operation](result, value));
  return plain(result);
}

const STEP: Record<Operation, (a: Decimal, b: Decimal) => Decimal> = {
  add: (a, b) => a.plus(b),
  subtract: (a, b) => a.minus(b),
  multiply: (a, b) => a.times(b),
  divide: (a, b) => {
    if (b.isZero()) throw new CalcError("division_by_zero", "Division by zero");
    return a.div(b);
  },
  modulo: (a, b) => {
    if (b.isZero()) throw new CalcError("division_by_zero", "Modulo by zero");
    return a.mod(b);
  },
  power,
};

function power(base: Decimal, exponent: Decimal): Decimal {
  if (exponent.isZero()) return new D(1);
  if (base.isZero()) {
    if (exponent.isNeg()) throw new CalcError("division_by_zero", "Zero to a negative power");
    return new D(0);
  }
  const integer = exponent.isInteger();
  if (base.isNeg() && !integer)
    throw new CalcError("not_a_real_number", "A negative base to a fractional power is not a real number");
  if (base.abs().eq(1)) return base.isNeg() && exponent.mod(2).abs().eq(1) ? new D(-1) : new D(1);
  // log10 |result| before computing it: an exponent that would leave the range is refused at once.
  const magnitude = new WIDE(base).abs().log(10).times(exponent);
  if (magnitude.abs().gt(EXPONENT_LIMIT + 1)) throw overflow();
  const wide = new WIDE(base).pow(new WIDE(exponent));
  return new D(wide.toSignificantDigits(PRECISION, Decimal.ROUND_HALF_EVEN));
}

const LIMIT = new D(10).pow(EXPONENT_LIMIT);
const FLOOR = new D(10).pow(-EXPONENT_LIMIT);

function checked(value: Decimal): Decimal {
  if (!value.isFinite()) throw overflow();
  const size = value.abs();
  if (size.gt(LIMIT) || (!size.isZero() && size.lt(FLOOR))) throw overflow();
  return value;
}

function overflow() {
  return new CalcError("overflow", `The result leaves the range 1e-${EXPONENT_LIMIT} to 1e${EXPONENT_LIMIT}`);
}

/** Plain notation, no exponent; negative zero is 0. */
function plain(value: Decimal): string {
  return value.isZero() ? "0" : value.toFixed();
}
