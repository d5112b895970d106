import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/**
 * One post in one reader's materialized home feed. The sort key is the post id (a ULID, so time order):
 * a Query newest-first is the feed, and "older than post X" is one key condition. Kept tiny (no caption,
 * no counts: those are read fresh) because fan-out writes one per follower. The byPost index finds every
 * copy of a post when it is deleted, without a scan. No TTL: trimming to the newest 800 bounds a feed.
 */
export const feedItems = /* @__PURE__ */ new Entity(
  {
    model: { entity: "feedItem", version: "1", service: SERVICE },
    attributes: {
      readerID: { type: "string", required: true, readOnly: true },
      postID: { type: "string", required: true, readOnly: true },
      authorID: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["readerID"] },
        sk: { field: "sk", composite: ["postID"] },
      },
      byPost: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["postID"] },
        sk: { field: "gsi1sk", composite: ["readerID"] },
      },
    },
  },
  Configuration,
);

/**
 * A reader's feed bookkeeping, in the same partition as their feed items: its sort key (`$feedstate_1`)
 * sorts after every item's (`$feeditem_1#…`), so the first page's one Query, newest first, returns it
 * ahead of the newest items at no extra request.
 *
 * - `celebrities`: the followed authors at or above the celebrity threshold, whose posts are not fanned
 *   out but merged at read time. Kept by the graph subscriber (follow, unfollow, threshold crossings) with
 *   set ADD/DELETE, so concurrent changes never overwrite each other.
 * - `activeAt`: when the feed was last known complete (rebuilt, or read by an active reader). Fan-out
 *   skips readers inactive for 30 days, so a marker older than that means "rebuild before answering".
 * - `version`: bumped by every graph change before it touches the feed; a rebuild writes its result only
 *   if no graph change ran meanwhile (else it starts over), so it cannot undo a follow or an unfollow.
 */
export const feedStates = /* @__PURE__ */ new Entity(
  {
    model: { entity: "feedState", version: "1", service: SERVICE },
    attributes: {
      readerID: { type: "string", required: true, readOnly: true },
      celebrities: { type: "set", items: "string" },
      activeAt: { type: "number" },
      version: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["readerID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/**
 * An author's feed bookkeeping. `unfollowedAt`: when the graph subscriber last began taking an unfollow
 * of this author out of a feed (it notes this first). A fan-out that finished after such a moment checks
 * its readers' edges; one with no unfollow noted near it skips that read (fanout.ts, unfollows.ts).
 */
export const feedAuthors = /* @__PURE__ */ new Entity(
  {
    model: { entity: "feedAuthor", version: "1", service: SERVICE },
    attributes: {
      authorID: { type: "string", required: true, readOnly: true },
      unfollowedAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["authorID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);
