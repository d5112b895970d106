/**
 * An independent reference for the calculation rules: exact rationals over BigInt, rounded to 34
 * significant digits half to even after every step. It shares no code with arithmetic.ts (no decimal.js).
 */

export interface Q {
  n: bigint;
  d: bigint;
}

const TEN = 10n;
const pow10 = (k: number) => TEN ** BigInt(k);
const abs = (x: bigint) => (x < 0n ? -x : x);

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [abs(a), abs(b)];
  while (y) [x, y] = [y, x % y];
  return x;
}

function q(n: bigint, d: bigint): Q {
  if (d === 0n) throw new Error("zero denominator");
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

/** A decimal literal, with or without exponent (String(number) may say 1e-7). */
export function parse(text: string): Q {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!match) throw new Error(`not a decimal: ${text}`);
  const [, sign, whole = "", fraction = "", exponent = "0"] = match;
  const digits = BigInt(`${whole}${fraction}` || "0") * (sign ? -1n : 1n);
  const scale = fraction.length - Number(exponent);
  return scale >= 0 ? q(digits, pow10(scale)) : q(digits * pow10(-scale), 1n);
}

export const add = (a: Q, b: Q) => q(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Q, b: Q) => q(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
export const div = (a: Q, b: Q) => q(a.n * b.d, a.d * b.n);
/** Truncated division's remainder: the sign of the dividend. */
export const mod = (a: Q, b: Q) => sub(a, mul(b, q((a.n * b.d) / (a.d * b.n), 1n)));
export const intPow = (a: Q, k: number): Q =>
  k >= 0 ? q(a.n ** BigInt(k), a.d ** BigInt(k)) : q(a.d ** BigInt(-k), a.n ** BigInt(-k));

/** floor(log10 |x|) for x ≠ 0. */
function exponentOf(x: Q): number {
  const n = abs(x.n);
  let e = n.toString().length - x.d.toString().length;
  const ge = (k: number) => (k >= 0 ? n >= x.d * pow10(k) : n * pow10(-k) >= x.d);
  while (!ge(e)) e--;
  while (ge(e + 1)) e++;
  return e;
}

/** Rounds to `digits` significant digits, ties to even. */
export function round(x: Q, digits = 34): Q {
  if (x.n === 0n) return x;
  const e = exponentOf(x);
  const shift = digits - 1 - e;
  const [num, den] = shift >= 0 ? [abs(x.n) * pow10(shift), x.d] : [abs(x.n), x.d * pow10(-shift)];
  let whole = num / den;
  const twice = 2n * (num % den);
  if (twice > den || (twice === den && whole % 2n === 1n)) whole += 1n;
  const signed = x.n < 0n ? -whole : whole;
  return shift >= 0 ? q(signed, pow10(shift)) : q(signed * pow10(-shift), 1n);
}

/** 0 < |x| < 1e-limit or |x| > 1e+limit. */
export function outOfRange(x: Q, limit = 1000): boolean {
  if (x.n === 0n) return false;
  const n = abs(x.n);
  return n > x.d * pow10(limit) || n * pow10(limit) < x.d;
}

/** Plain decimal notation of a rational whose denominator is a power of ten. */
export function plain(x: Q): string {
  let scale = 0;
  while (pow10(scale) % x.d !== 0n) scale++;
  if (scale > 5000) throw new Error("not a terminating decimal");
  const digits = abs(x.n * (pow10(scale) / x.d))
    .toString()
    .padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  return `${x.n < 0n ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}
