import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/**
 * A file dropped under `inputs/` of the data bucket. Identical content arrives with the same ETag, so the
 * ETag is the key: a re-upload or a replayed notification is recognised as a duplicate, not processed twice.
 * The item is the event that later stages of the price-data pipeline subscribe to.
 */
export const inputs = new Entity(
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
