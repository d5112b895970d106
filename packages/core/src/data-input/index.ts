export * as DataInput from "./index";

import { z } from "zod";
import { ignoreConditionalFailure, ttl } from "../dynamo";
import { type Clock, systemClock } from "../util/clock";
import { fn } from "../util/fn";
import { inputs } from "./entities";

/** How long a received file is remembered (a re-upload within it is a duplicate). */
export const KEEP_DAYS = 90;

const Received = z.object({
  bucket: z.string().min(1),
  key: z.string().startsWith("inputs/"),
  etag: z
    .string()
    .min(1)
    .transform((e) => e.replaceAll('"', "")),
  size: z.number().int().nonnegative(),
});

/**
 * Records a file dropped under `inputs/`, once per content (its ETag): a re-upload or a replayed
 * notification answers `duplicate` and writes nothing.
 */
export const receive = fn(
  Received,
  async (input, now: Clock = systemClock): Promise<{ duplicate: boolean }> => {
    const at = now();
    const created = await ignoreConditionalFailure(
      inputs.create({ ...input, receivedAt: at.getTime(), expiresAt: ttl(at, KEEP_DAYS) }).go(),
    );
    return { duplicate: created === undefined };
  },
);

export async function get(etag: string) {
  const item = await inputs.get({ etag }).go();
  return item.data ?? undefined;
}
