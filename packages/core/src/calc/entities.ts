import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/** One calculation of a member or guest, newest first per owner (ULID sort keys). Kept 30 days (TTL). */
export const calculations = /* @__PURE__ */ new Entity(
  {
    model: { entity: "calculation", version: "1", service: SERVICE },
    attributes: {
      ownerID: { type: "string", required: true, readOnly: true },
      calcID: { type: "string", required: true, readOnly: true },
      operation: { type: "string", required: true, readOnly: true },
      operands: { type: "list", items: { type: "string" }, required: true, readOnly: true },
      result: { type: "string", required: true, readOnly: true },
      createdAt: { type: "number", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["ownerID"] },
        sk: { field: "sk", composite: ["calcID"] },
      },
    },
  },
  Configuration,
);
