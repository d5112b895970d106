/** The social context: posts, follows, likes, comments, notifications, and the counters kept from the stream. */

export { AccountRequiredError } from "../error";
export { Author } from "./author";
export { Comment } from "./comment";
export { Counter } from "./counter";
export { Follow, SelfFollowError } from "./follow";
export { Like } from "./like";
export { Notification } from "./notification";
export { Post } from "./post";
export * as Text from "./text";
