/**
 * What a feed page shows of its posts, kept per instance (Post.hydrate reads what these and User.authors
 * miss in one BatchGet): the post items for 30 s (shared by every reader: one feed poll's interval of 20 s
 * and its slack), and each reader's likes (liked or not) for 60 s (a reader's own: between their visits'
 * steps).
 *
 * Staleness, and why it is acceptable: a post's counts (likes, comments) may lag by up to POSTS_MS on top
 * of the counter subscriber's own delay, as counts on a social feed do; a post deleted through another
 * instance may be shown that long (its image is gone once cleaned up; through this instance, at once not).
 * A reader's own like or unlike through this instance is written through at once, and their post is read
 * fresh (not kept) for SETTLE_MS, the counter subscriber's time, so its count follows; one made through
 * another instance shows there within LIKES_MS. Absent posts are not kept (a new post read too early is
 * asked again).
 */
import type { EntityItem } from "electrodb";
import { TtlCache } from "../util/cache";
import type { posts as postEntity } from "./entities";

export const POSTS_MS = 30_000;
export const LIKES_MS = 60_000;

export const posts = new TtlCache<EntityItem<typeof postEntity>>("posts", POSTS_MS);
export const likes = new TtlCache<boolean>("likes", LIKES_MS);

/** After a like through this instance, its post is read fresh this long: the counter subscriber's time. */
export const SETTLE_MS = 5_000;

export const likeKey = (userID: string, postID: string) => `${userID}|${postID}`;

/** The reader's like (or unlike) through this instance: seen at once, and the post's count read again. */
export function liked(userID: string, postID: string, value: boolean, now: () => Date): void {
  likes.set(likeKey(userID, postID), value, now);
  posts.hold(postID, now().getTime() + SETTLE_MS);
}
