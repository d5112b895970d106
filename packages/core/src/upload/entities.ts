import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/**
 * One presigned upload: who may claim its `uploads/` key, for what, and (once claimed) the `media/` copy.
 * A pending upload's object is deleted when its item expires (the UploadSweeper hears the TTL removal).
 */
export const uploads = /* @__PURE__ */ new Entity(
  {
    model: { entity: "upload", version: "1", service: SERVICE },
    attributes: {
      key: { type: "string", required: true, readOnly: true },
      userID: { type: "string", required: true, readOnly: true },
      purpose: { type: ["post", "avatar"] as const, required: true, readOnly: true },
      contentType: { type: ["image/jpeg", "image/png", "image/webp", "image/gif"] as const, required: true },
      /** The size announced, which the policy made the largest the storage accepts. */
      maxSize: { type: "number", required: true, readOnly: true },
      status: { type: ["pending", "claimed"] as const, required: true, default: "pending" },
      /** The object's size, once claimed. */
      size: { type: "number" },
      /** The `media/` key the claim copied the object to. */
      mediaKey: { type: "string" },
      createdAt: { type: "number", required: true, readOnly: true },
      claimedAt: { type: "number" },
      /** TTL (epoch seconds): a pending upload's object is deleted when its item expires. */
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["key"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);
