import type { FilterPattern } from "./filter";

export interface Subscriber {
  name: string;
  handler: string;
  /** A record is delivered when it matches any of these patterns (OR), as on Lambda. */
  filters: FilterPattern[];
  batchSize: number;
  /** Retries of a failing batch before its records go to the failure destination. */
  maxRetries: number;
  bisectOnError: boolean;
  startingPosition: "TRIM_HORIZON" | "LATEST";
  /** Environment variables handed on to the function when the deploying (or local) shell sets them. */
  environment?: readonly string[];
  /** IAM permissions beyond its links (an outside AWS service it calls). */
  permissions?: readonly { actions: readonly string[]; resources: readonly string[] }[];
}

/** What every subscriber does unless it says otherwise: small batches, bisected, bounded retries, no gaps. */
const defaults = {
  batchSize: 10,
  maxRetries: 5,
  bisectOnError: true,
  startingPosition: "TRIM_HORIZON",
} as const satisfies Partial<Subscriber>;

type Defaulted = keyof typeof defaults;

/** A stream subscriber with the defaults filled in; its name stays a literal type (stacks/aws/needs.ts). */
export function subscriber<const Name extends string>(
  spec: Omit<Subscriber, Defaulted> & Partial<Pick<Subscriber, Defaulted>> & { name: Name },
): Subscriber & { name: Name } {
  return { ...defaults, ...spec };
}
