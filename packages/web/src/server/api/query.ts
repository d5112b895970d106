import * as z from "zod";

/**
 * The query-string form of a core input schema: the same fields, rules, defaults and descriptions, with
 * numbers and booleans read from their text, and null (which a query string cannot say) left out as
 * absent. Routes validate `?...` with it and the OpenAPI document lists it, so neither redeclares core.
 */
export function queryOf<S extends z.ZodObject>(
  schema: S | z.ZodDefault<S>,
): z.ZodType<z.output<S>, Record<string, string | undefined>> {
  const object = schema instanceof z.ZodDefault ? (schema.unwrap() as S) : schema;
  return z.object(
    Object.fromEntries(Object.entries(object.shape).map(([key, field]) => [key, fromText(field)])),
  ) as never;
}

function fromText(field: z.ZodType): z.ZodType {
  const rebuilt = rebuild(field);
  const meta = z.globalRegistry.get(field);
  return meta ? rebuilt.meta(meta) : rebuilt;
}

function rebuild(field: z.ZodType): z.ZodType {
  if (field instanceof z.ZodDefault)
    return fromText(field.unwrap() as z.ZodType).default(field.def.defaultValue);
  if (field instanceof z.ZodOptional || field instanceof z.ZodNullable) {
    const inner = field.unwrap() as z.ZodType;
    const value = inner instanceof z.ZodOptional || inner instanceof z.ZodNullable ? inner.unwrap() : inner;
    return fromText(value as z.ZodType).optional();
  }
  if (field instanceof z.ZodNumber) return field.clone({ ...field.def, coerce: true });
  if (field instanceof z.ZodBoolean) return z.stringbool();
  return field;
}
