export * as DataInput from "./index";

import { Entity } from "electrodb";
import { z } from "zod";
import { Configuration, isConditionalFailure, SERVICE, ttl } from "../dynamo";
import { fn } from "../util/fn";

/**
 * A file dropped under `inputs/` of the data bucket. Identical content arrives with the same ETag, so the
 * ETag is the key: a re-upload or a replayed notification is recognised as a duplicate, not processed twice.
 * The item is the event that later stages of the price-data pipeline subscribe to.
 */
const inputs = new Entity(
  {
    model: { entity: "dataInput", version: "1", service: SERVICE },
    attributes: {
      etag: { type: "string", required: true, readOnly: true },
      bucket: { type: "string", required: true, readOnly: true },
      key: { type: "string", required: true, readOnly: true },
      size: { type: "number", required: true, readOnly: true },
      receivedAt: { type: "number", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["etag"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

export const receive = fn(
  z.object({
    bucket: z.string().min(1),
    key: z.string().startsWith("inputs/"),
    etag: z
      .string()
      .min(1)
      .transform((e) => e.replaceAll('"', "")),
    size: z.number().int().nonnegative(),
  }),
  async (input): Promise<{ duplicate: boolean }> => {
    const now = new Date();
    try {
      await inputs.create({ ...input, receivedAt: now.getTime(), expiresAt: ttl(now, 90) }).go();
      return { duplicate: false };
    } catch (error) {
      if (isConditionalFailure(error)) return { duplicate: true };
      throw error;
    }
  },
);

export async function get(etag: string) {
  const item = await inputs.get({ etag }).go();
  return item.data ?? undefined;
}
