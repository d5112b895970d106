/** The home feed: fan-out on write below the celebrity threshold, kept in step with the follow graph. */
import { THRESHOLD_ENV } from "../../packages/core/src/feed/threshold";
import { entityFilter } from "./filter";
import { subscriber } from "./subscriber";

/** Home feed copies and bookkeeping: derived from posts and follows, written by the feed subscribers. */
export const operationalEntities = ["feedItem", "feedState"] as const;

/** The celebrity threshold: read by the feed subscribers and by the web app, whose reads may rebuild a feed. */
export const webEnvironment = [THRESHOLD_ENV] as const;

export const subscribers = [
  // Fan-out on post INSERT; a post REMOVE leaves every feed (same subscriber: in order per post).
  subscriber({
    name: "FeedFanout",
    handler: "packages/functions/src/streams/feed-fanout.handler",
    filters: entityFilter("post", ["INSERT", "REMOVE"]),
    environment: [THRESHOLD_ENV],
  }),
  // Follows backfill, unfollows remove; user MODIFYs may cross the celebrity threshold (followersCount).
  subscriber({
    name: "FeedGraph",
    handler: "packages/functions/src/streams/feed-graph.handler",
    filters: [...entityFilter("follow", ["INSERT", "REMOVE"]), ...entityFilter("user", ["MODIFY"])],
    batchSize: 25,
    environment: [THRESHOLD_ENV],
  }),
] as const;
