/**
 * Lambda event filtering (FilterCriteria), which uses EventBridge's pattern language: every key of a
 * pattern must match the record; a key holds either a nested pattern or a list of rules (OR). Only leaf
 * values (not objects) are compared, and a value that is an array matches when any element does.
 */
import type { FilterPattern, FilterRule } from "../../topology";

type Leaf = string | number | boolean | null;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A record passes when it matches any pattern; no patterns means no filtering, as on Lambda. */
export function matches(record: unknown, patterns: readonly FilterPattern[]): boolean {
  return patterns.length === 0 || patterns.some((pattern) => matchesPattern(record, pattern));
}

function matchesPattern(value: unknown, pattern: FilterPattern): boolean {
  // Fields inside an array of objects must all match within one element, as EventBridge does.
  if (Array.isArray(value)) return value.some((element) => matchesPattern(element, pattern));
  const fields = isObject(value) ? value : {};
  return Object.entries(pattern).every(([key, expected]) =>
    Array.isArray(expected) ? matchesRules(fields[key], expected) : matchesPattern(fields[key], expected),
  );
}

/** The leaf values at a field: none when it is missing or an object, each element of an array. */
function leavesOf(value: unknown): Leaf[] {
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  if (value === undefined || isObject(value)) return [];
  return [value as Leaf];
}

function matchesRules(value: unknown, rules: readonly FilterRule[]): boolean {
  const leaves = leavesOf(value);
  return rules.some((rule) => {
    if (isObject(rule) && "exists" in rule) return rule.exists === leaves.length > 0;
    return leaves.some((leaf) => matchesRule(leaf, rule));
  });
}

function matchesRule(leaf: Leaf, rule: FilterRule): boolean {
  if (!isObject(rule)) return leaf === rule;
  if ("prefix" in rule) return typeof leaf === "string" && leaf.startsWith(rule.prefix);
  if ("suffix" in rule) return typeof leaf === "string" && leaf.endsWith(rule.suffix);
  if ("equals-ignore-case" in rule)
    return typeof leaf === "string" && leaf.toLowerCase() === rule["equals-ignore-case"].toLowerCase();
  if ("anything-but" in rule) return matchesAnythingBut(leaf, rule["anything-but"]);
  if ("numeric" in rule) return typeof leaf === "number" && matchesNumeric(leaf, rule.numeric);
  throw new Error(`Unsupported filter rule ${JSON.stringify(rule)}`);
}

function matchesAnythingBut(
  leaf: Leaf,
  excluded: string | number | readonly (string | number)[] | { prefix: string },
): boolean {
  if (isObject(excluded)) return typeof leaf === "string" && !leaf.startsWith(excluded.prefix);
  const values: readonly (string | number)[] = Array.isArray(excluded) ? excluded : [excluded];
  return !values.includes(leaf as string | number);
}

const comparisons: Record<string, (a: number, b: number) => boolean> = {
  "=": (a, b) => a === b,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};

/** `[">", 0, "<=", 5]`: every operator/operand pair must hold. */
function matchesNumeric(leaf: number, conditions: readonly (string | number)[]): boolean {
  if (conditions.length === 0 || conditions.length % 2 !== 0)
    throw new Error(`Malformed numeric rule ${JSON.stringify(conditions)}`);
  for (let i = 0; i < conditions.length; i += 2) {
    const compare = comparisons[String(conditions[i])];
    const operand = conditions[i + 1];
    if (!compare || typeof operand !== "number")
      throw new Error(`Malformed numeric rule ${JSON.stringify(conditions)}`);
    if (!compare(leaf, operand)) return false;
  }
  return true;
}
