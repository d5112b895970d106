/**
 * What a feed page shows of its posts, kept per instance for 30 s (Post.hydrate reads what these miss, with
 * the authors, in one BatchGet): the post items, and each reader's likes (liked or not) of them.
 *
 * Staleness, and why it is acceptable: a post's counts (likes, comments) may lag by up to POSTS_MS on top
 * of the counter subscriber's own delay; a post deleted through another instance may be shown that long
 * (through this instance, at once not). A reader's own like or unlike through this instance is written
 * through at once (and their post's entry dropped, so its count is read again); one made through another
 * instance shows within LIKES_MS. Absent posts are not kept (a new post read too early is asked again).
 */
import type { EntityItem } from "electrodb";
import { TtlCache } from "../util/cache";
import type { posts as postEntity } from "./entities";

export const POSTS_MS = 30_000;
export const LIKES_MS = 30_000;

export const posts = new TtlCache<EntityItem<typeof postEntity>>("posts", POSTS_MS);
export const likes = new TtlCache<boolean>("likes", LIKES_MS);

export const likeKey = (userID: string, postID: string) => `${userID}|${postID}`;

/** The reader's like (or unlike) through this instance: seen at once, and the post's count read again. */
export function liked(userID: string, postID: string, value: boolean, now: () => Date): void {
  likes.set(likeKey(userID, postID), value, now);
  posts.invalidate(postID);
}
