/**
 * The celebrity threshold setting. Plain (no imports): stacks/topology hands the variable on to the
 * functions that read it.
 */
export const THRESHOLD_ENV = "BOURSE_CELEBRITY_THRESHOLD";
export const DEFAULT_THRESHOLD = 5000;

/** Authors with at least this many followers are celebrities: merged at read time, never fanned out. */
export function celebrityThreshold(): number {
  const value = Number(process.env[THRESHOLD_ENV]);
  return Number.isInteger(value) && value >= 1 ? value : DEFAULT_THRESHOLD;
}
