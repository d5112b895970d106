import * as z from "zod";
import { ValidationError } from "../error";
import { decodeCursor } from "./cursor";
import { fn } from "./fn";

/** One page of a list: an opaque cursor (from the previous page) and a size. */
export const Page = z
  .object({
    cursor: z.string().max(2048).nullish().describe("the `cursor` of the previous page (opaque)"),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .default({ limit: 20 });
export type Page = z.input<typeof Page>;

const parsePage = /* @__PURE__ */ fn(Page, (page) => page);

/** Runs one page of a query from an opaque cursor (see `fromCursor`). */
export async function paged<T>(
  page: Page | undefined,
  run: (options: { limit: number; cursor: string | undefined }) => Promise<T>,
): Promise<T> {
  const { cursor, limit } = parsePage(page);
  return fromCursor(cursor, (raw) => run({ limit, cursor: raw }));
}

/**
 * Runs a query from an opaque cursor. A cursor that is not one of ours (it decodes, but ElectroDB or
 * DynamoDB refuse it: a key of no index of ours) is bad input, a 400, not a 500.
 */
export async function fromCursor<T>(
  cursor: string | null | undefined,
  run: (raw: string | undefined) => Promise<T>,
): Promise<T> {
  const raw = decodeCursor(cursor);
  try {
    return await run(raw);
  } catch (error) {
    const e = error as { message?: string; cause?: { message?: string } } | undefined;
    const said = `${e?.message ?? ""} ${e?.cause?.message ?? ""}`;
    if (raw !== undefined && /cursor|starting key|ExclusiveStartKey/i.test(said))
      throw new ValidationError("cursor: malformed");
    throw error;
  }
}
