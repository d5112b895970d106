import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/** Epoch milliseconds inside sort keys: zero-padded so that string order is time order. */
const TIME_PADDING = { length: 15, char: "0" } as const;

/**
 * An image post. Immutable once written except for its counters, which only the counter subscriber
 * changes (ADD). Queried by author newest first (ULIDs sort by time), as the home feed's backfill needs.
 */
export const posts = /* @__PURE__ */ new Entity(
  {
    model: { entity: "post", version: "1", service: SERVICE },
    attributes: {
      postID: { type: "string", required: true, readOnly: true },
      authorID: { type: "string", required: true, readOnly: true },
      imageKey: { type: "string", required: true, readOnly: true },
      contentType: { type: "string", required: true, readOnly: true },
      caption: { type: "string", required: true, readOnly: true, default: "" },
      /** Lower-cased, without `#`, in order of first appearance. */
      tags: { type: "list", items: { type: "string" }, required: true, readOnly: true, default: () => [] },
      /** Handles mentioned that belonged to a user when the post was written (lower-cased, no `@`). */
      mentions: {
        type: "list",
        items: { type: "string" },
        required: true,
        readOnly: true,
        default: () => [],
      },
      /** Their user ids: who the mention notifications went to, so deleting the post can find them. */
      mentionIDs: {
        type: "list",
        items: { type: "string" },
        required: true,
        readOnly: true,
        default: () => [],
      },
      likesCount: { type: "number", required: true, default: 0 },
      commentsCount: { type: "number", required: true, default: 0 },
      createdAt: { type: "number", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["postID"] }, sk: { field: "sk", composite: [] } },
      byAuthor: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["authorID"] },
        sk: { field: "gsi1sk", composite: ["postID"] },
      },
    },
  },
  Configuration,
);

/**
 * One like: its INSERT and REMOVE are the events the counter and the notifier react to, so a like is
 * created only if absent and an unlike deletes only what exists (no duplicate event for a repeat).
 */
export const likes = /* @__PURE__ */ new Entity(
  {
    model: { entity: "like", version: "1", service: SERVICE },
    attributes: {
      postID: { type: "string", required: true, readOnly: true },
      userID: { type: "string", required: true, readOnly: true },
      /** Who to notify, carried so the notifier does not read the post. */
      postAuthorID: { type: "string", required: true, readOnly: true },
      createdAt: { type: "number", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["postID"] }, sk: { field: "sk", composite: ["userID"] } },
    },
  },
  Configuration,
);

/** One follow edge, queryable both ways newest first (followers for fan-out, following for backfill). */
export const follows = /* @__PURE__ */ new Entity(
  {
    model: { entity: "follow", version: "1", service: SERVICE },
    attributes: {
      followerID: { type: "string", required: true, readOnly: true },
      followeeID: { type: "string", required: true, readOnly: true },
      createdAt: { type: "number", required: true, readOnly: true, padding: TIME_PADDING },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["followerID"] },
        sk: { field: "sk", composite: ["followeeID"] },
      },
      followers: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["followeeID"] },
        sk: { field: "gsi1sk", composite: ["createdAt", "followerID"] },
      },
      following: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["followerID"] },
        sk: { field: "gsi2sk", composite: ["createdAt", "followeeID"] },
      },
    },
  },
  Configuration,
);

/** A comment, under its post in time order (ULIDs). Carries the post's author, who may delete it. */
export const comments = /* @__PURE__ */ new Entity(
  {
    model: { entity: "comment", version: "1", service: SERVICE },
    attributes: {
      postID: { type: "string", required: true, readOnly: true },
      commentID: { type: "string", required: true, readOnly: true },
      authorID: { type: "string", required: true, readOnly: true },
      postAuthorID: { type: "string", required: true, readOnly: true },
      text: { type: "string", required: true, readOnly: true },
      createdAt: { type: "number", required: true, readOnly: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["postID"] },
        sk: { field: "sk", composite: ["commentID"] },
      },
    },
  },
  Configuration,
);

/**
 * A notification group: every like of one post is one item ("Ana and 2 others liked your post"), so are
 * the comments on a post, a post's mention of you, and a day's new followers. Written only by the
 * notifier; `version` guards its read-modify-write of the recent actors. Unread groups are also in a
 * sparse index, which gives the unread count.
 */
export const notifications = /* @__PURE__ */ new Entity(
  {
    model: { entity: "notification", version: "1", service: SERVICE },
    attributes: {
      recipientID: { type: "string", required: true, readOnly: true },
      /** `<type>_<postID>` or `follow_<YYYYMMDD>`: also the notification's public id. */
      groupKey: { type: "string", required: true, readOnly: true },
      type: { type: ["like", "comment", "follow", "mention"] as const, required: true, readOnly: true },
      postID: { type: "string", readOnly: true },
      /** The latest few distinct actors, newest first. */
      actorIDs: { type: "list", items: { type: "string" }, required: true },
      /** Distinct actors in the group, counted once each (marks below). */
      actorCount: { type: "number", required: true },
      /** The latest comment's text, for comment groups. */
      text: { type: "string" },
      read: { type: "boolean", required: true },
      createdAt: { type: "number", required: true, readOnly: true },
      updatedAt: { type: "number", required: true, padding: TIME_PADDING },
      version: { type: "number", required: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["recipientID"] },
        sk: { field: "sk", composite: ["groupKey"] },
      },
      byTime: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["recipientID"] },
        sk: { field: "gsi1sk", composite: ["updatedAt", "groupKey"] },
      },
      unread: {
        index: "gsi2",
        // Sparse: only unread groups have these keys, so counting them is counting the unread.
        condition: (attributes) => attributes.read === false,
        pk: { field: "gsi2pk", composite: ["recipientID"] },
        sk: { field: "gsi2sk", composite: ["read", "groupKey"] },
      },
    },
  },
  Configuration,
);

/**
 * One per actor of a notification group: the notifier creates it in the same transaction as it counts the
 * actor, so a replayed record or a repeated like counts nobody twice. `lastEventID` lets a later comment
 * by the same person notify again while a replay of an earlier one does not.
 */
export const notificationMarks = /* @__PURE__ */ new Entity(
  {
    model: { entity: "notificationMark", version: "1", service: SERVICE },
    attributes: {
      recipientID: { type: "string", required: true, readOnly: true },
      groupKey: { type: "string", required: true, readOnly: true },
      actorID: { type: "string", required: true, readOnly: true },
      lastEventID: { type: "string", required: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["recipientID", "groupKey"] },
        sk: { field: "sk", composite: ["actorID"] },
      },
    },
  },
  Configuration,
);

/**
 * A stream record the counter subscriber has applied, written in the same transaction as its counter
 * changes: a replayed record finds it and changes nothing. Kept two days (streams keep records one).
 */
export const counterEvents = /* @__PURE__ */ new Entity(
  {
    model: { entity: "counterEvent", version: "1", service: SERVICE },
    attributes: {
      eventID: { type: "string", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["eventID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);
