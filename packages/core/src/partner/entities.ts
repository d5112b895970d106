import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/** A brokerage partner that pushes order feeds with API keys. */
export const partners = /* @__PURE__ */ new Entity(
  {
    model: { entity: "partner", version: "1", service: SERVICE },
    attributes: {
      partnerID: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      createdAt: { type: "number", required: true, readOnly: true },
      createdBy: { type: "string", readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["partnerID"] }, sk: { field: "sk", composite: [] } },
      // Every partner, oldest first. One partition: partners are few (dozens), created by admins.
      all: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: [] },
        sk: { field: "gsi1sk", composite: ["partnerID"] },
      },
    },
  },
  Configuration,
);

/**
 * An API key, by the SHA-256 of the whole key, so authentication is one strongly consistent GetItem (a
 * revocation holds at once). The partner's keys are listed through gsi1.
 */
export const apiKeys = /* @__PURE__ */ new Entity(
  {
    model: { entity: "apiKey", version: "1", service: SERVICE },
    attributes: {
      keyHash: { type: "string", required: true, readOnly: true },
      keyID: { type: "string", required: true, readOnly: true },
      partnerID: { type: "string", required: true, readOnly: true },
      /** The visible part of the key (`bk_<prefix>_…`), to recognise it in a list. */
      prefix: { type: "string", required: true, readOnly: true },
      createdAt: { type: "number", required: true, readOnly: true },
      createdBy: { type: "string", readOnly: true },
      revokedAt: { type: "number" },
      lastUsedAt: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["keyHash"] }, sk: { field: "sk", composite: [] } },
      byPartner: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["partnerID"] },
        sk: { field: "gsi1sk", composite: ["keyID"] },
      },
    },
  },
  Configuration,
);

/** A member an admin linked to a partner: they read its orders, errors and dashboard. gsi1: by member. */
export const operators = /* @__PURE__ */ new Entity(
  {
    model: { entity: "partnerOperator", version: "1", service: SERVICE },
    attributes: {
      partnerID: { type: "string", required: true, readOnly: true },
      userID: { type: "string", required: true, readOnly: true },
      createdAt: { type: "number", required: true, readOnly: true },
      createdBy: { type: "string", readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["partnerID"] }, sk: { field: "sk", composite: ["userID"] } },
      byUser: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["userID"] },
        sk: { field: "gsi1sk", composite: ["partnerID"] },
      },
    },
  },
  Configuration,
);
