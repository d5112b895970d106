/** Social: counters, notifications and a deleted post's cleanup, all driven by single-item writes. */
import { entityFilter } from "./filter";
import { subscriber } from "./subscriber";

/** The social subscribers' replay guards. */
export const operationalEntities = ["counterEvent", "notificationMark"] as const;

export const subscribers = [
  // Likes, comments, posts and follows are single items: their INSERT/REMOVE are the counted events.
  subscriber({
    name: "SocialCounters",
    handler: "packages/functions/src/streams/counters.handler",
    filters: entityFilter(["like", "comment", "post", "follow"], ["INSERT", "REMOVE"]),
    batchSize: 100,
    maxRetries: 10,
  }),
  subscriber({
    name: "Notifier",
    handler: "packages/functions/src/streams/notifier.handler",
    // Post INSERTs carry the mentions.
    filters: entityFilter(["like", "comment", "follow", "post"], ["INSERT"]),
    batchSize: 25,
  }),
  subscriber({
    name: "PostCleanup",
    handler: "packages/functions/src/streams/post-cleanup.handler",
    filters: entityFilter("post", ["REMOVE"]),
  }),
] as const;
