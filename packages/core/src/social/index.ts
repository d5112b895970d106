/** The social context: posts, follows, likes, comments, notifications, and the counters kept from the stream. */

export { Comment } from "./comment";
export { AccountRequiredError, Author, type Change, SelfFollowError } from "./common";
export { Counter } from "./counter";
export { Follow } from "./follow";
export { Like } from "./like";
export { Notification } from "./notification";
export { Post } from "./post";
export * as Text from "./text";
