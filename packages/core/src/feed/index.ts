/**
 * The hybrid home feed: the posts of the people one follows and one's own, newest first. Fan-out on write
 * for most authors (a stream subscriber writes each post into followers' materialized feeds); authors at
 * or above the celebrity threshold (BOURSE_CELEBRITY_THRESHOLD, default 5,000 followers) are merged at
 * read time instead, so their posts cost a constant number of writes.
 */
export { feedAuthors, feedItems, feedStates } from "./entities";
export { type Delivery, fanOut, retract } from "./fanout";
export { demoted, followed, handle as handleGraph, promoted, unfollowed } from "./graph";
export * as Feed from "./index";
export { Input, MAX_PAGE, Page, read, rebuild } from "./read";
export {
  BACKFILL,
  celebrityThreshold,
  DEFAULT_THRESHOLD,
  type FeedItem,
  INACTIVE_MS,
  MAX_CELEBRITIES,
  MAX_ITEMS,
  materialized,
  putItems,
  STALE_MS,
  THRESHOLD_ENV,
  trim,
} from "./store";
export { note as noteUnfollow, since as unfollowedSince } from "./unfollows";
