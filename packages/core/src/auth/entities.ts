import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/**
 * A signed-in device: one refresh-token family. `expiresAt` (TTL, epoch seconds) moves 7 days past each
 * rotation; a revoked session keeps its item until then so that a reused token can still be recognised.
 */
export const sessions = /* @__PURE__ */ new Entity(
  {
    model: { entity: "session", version: "1", service: SERVICE },
    attributes: {
      sessionID: { type: "string", required: true, readOnly: true },
      userID: { type: "string", required: true, readOnly: true },
      createdAt: { type: "number", required: true, readOnly: true },
      /**
       * How it was opened. A "magic-link" session may set a new password without the current one for 15
       * minutes after its creation (Auth.changePassword). Absent on sessions older than this attribute.
       */
      method: { type: ["password", "magic-link", "signup", "anonymous"] as const, readOnly: true },
      /** When this session last proved the user's credentials (sign-in, or a password change made in it). */
      verifiedAt: { type: "number", required: true },
      lastUsedAt: { type: "number", required: true },
      userAgent: { type: "string" },
      ip: { type: "string" },
      revokedAt: { type: "number" },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["sessionID"] }, sk: { field: "sk", composite: [] } },
      byUser: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["userID"] },
        sk: { field: "gsi1sk", composite: ["sessionID"] },
      },
    },
  },
  Configuration,
);

/**
 * One refresh token, by the SHA-256 of its value. Rotation marks it `rotated` (kept until it expires, so a
 * second use is detected as reuse) and writes its successor, in one transaction.
 */
export const refreshTokens = /* @__PURE__ */ new Entity(
  {
    model: { entity: "refreshToken", version: "1", service: SERVICE },
    attributes: {
      tokenHash: { type: "string", required: true, readOnly: true },
      sessionID: { type: "string", required: true, readOnly: true },
      userID: { type: "string", required: true, readOnly: true },
      status: { type: ["active", "rotated"] as const, required: true },
      createdAt: { type: "number", required: true, readOnly: true },
      rotatedAt: { type: "number" },
      /** Epoch seconds: the token's own absolute end (7 days after issue), also the TTL. */
      expiresAt: { type: "number", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tokenHash"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/**
 * A pending magic sign-in link, by the SHA-256 of its token; deleted when used. A link created before the
 * user's last password change (passwordChangedAt) no longer signs in: a change or reset voids them all.
 */
export const magicLinks = /* @__PURE__ */ new Entity(
  {
    model: { entity: "magicLink", version: "1", service: SERVICE },
    attributes: {
      tokenHash: { type: "string", required: true, readOnly: true },
      userID: { type: "string", required: true, readOnly: true },
      createdAt: { type: "number", required: true, readOnly: true },
      /** Epoch seconds, 15 minutes after creation; checked on use (TTL deletion can lag by days). */
      expiresAt: { type: "number", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tokenHash"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);
