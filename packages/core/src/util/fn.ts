import type { z } from "zod";
import { ValidationError } from "../error";

/**
 * A domain verb whose input is validated at the boundary: `fn(schema, impl)` parses, then calls impl with
 * the parsed (typed) value. Invalid input becomes a ValidationError listing each issue's path.
 */
export function fn<S extends z.ZodType, R>(schema: S, impl: (input: z.output<S>) => R) {
  const result = (input: z.input<S>): R => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError(
        parsed.error.issues
          .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
          .join("; "),
        parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      );
    }
    return impl(parsed.data);
  };
  result.schema = schema;
  return result;
}
