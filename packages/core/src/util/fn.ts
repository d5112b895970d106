import type * as z from "zod";
import { ValidationError } from "../error";

/**
 * A domain verb whose input is validated at the boundary: `fn(schema, impl)` parses, then calls impl with
 * the parsed (typed) value. Invalid input becomes a ValidationError listing each issue's path. Arguments
 * after the input pass through unchecked: they are what code injects, not what clients send (a Clock).
 */
export function fn<S extends z.ZodType, R, A extends unknown[] = []>(
  schema: S,
  impl: (input: z.output<S>, ...injected: A) => R,
) {
  const result = (input: z.input<S>, ...injected: A): R => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError(
        parsed.error.issues
          .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
          .join("; "),
        parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      );
    }
    return impl(parsed.data, ...injected);
  };
  result.schema = schema;
  return result;
}
