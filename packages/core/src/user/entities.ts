import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";
import { systemClock } from "../util/clock";

const now = () => systemClock().getTime();

/**
 * A person: an anonymous visitor (no email, no handle) or a member (email, @handle, password or magic
 * link). Counters are written only by the social stream subscribers (ADD), never by request paths.
 */
export const users = /* @__PURE__ */ new Entity(
  {
    model: { entity: "user", version: "1", service: SERVICE },
    attributes: {
      userID: { type: "string", required: true, readOnly: true },
      kind: { type: ["anonymous", "member"] as const, required: true },
      role: { type: ["user", "admin"] as const, required: true, default: "user" },
      /** Lower-cased; unique through a guard item. */
      email: { type: "string" },
      /** Lower-cased; unique through a guard item. */
      handle: { type: "string" },
      displayName: { type: "string" },
      bio: { type: "string" },
      avatarKey: { type: "string" },
      passwordHash: { type: "string" },
      /** Bumped by a password change: sessions issued before it are revoked. */
      passwordChangedAt: { type: "number" },
      createdAt: { type: "number", required: true, readOnly: true, default: now },
      updatedAt: { type: "number", required: true, default: now },
      /** Last authenticated request, at most once an hour (the feed skips users inactive for 30 days). */
      lastActiveAt: { type: "number", required: true, default: now },
      followersCount: { type: "number", required: true, default: 0 },
      followingCount: { type: "number", required: true, default: 0 },
      postsCount: { type: "number", required: true, default: 0 },
      /**
       * Epoch seconds (TTL), guests only: 30 days past their last activity (pushed by User.touch). Cleared
       * when the guest signs up or comes to own something (User.keep): then it is never removed.
       */
      expiresAt: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["userID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/**
 * Uniqueness guards: one item per taken email or handle, written in the same transaction as the user, so
 * two sign-ups racing for one handle cannot both win (never read-then-write).
 */
export const userGuards = /* @__PURE__ */ new Entity(
  {
    model: { entity: "userGuard", version: "1", service: SERVICE },
    attributes: {
      kind: { type: ["email", "handle"] as const, required: true, readOnly: true },
      value: { type: "string", required: true, readOnly: true },
      userID: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["kind", "value"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/** One item per administrator, written by `User.setRole`: who gets operational mail (alarms). */
export const admins = /* @__PURE__ */ new Entity(
  {
    model: { entity: "userAdmin", version: "1", service: SERVICE },
    attributes: { userID: { type: "string", required: true, readOnly: true } },
    indexes: {
      primary: { pk: { field: "pk", composite: [] }, sk: { field: "sk", composite: ["userID"] } },
    },
  },
  Configuration,
);
