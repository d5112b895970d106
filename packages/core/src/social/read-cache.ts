/**
 * What a feed page shows of its posts, kept per instance (Post.hydrate reads what this and User.authors
 * miss, with the reader's likes, in one BatchGet): the post items for 30 s (shared by every reader: one
 * feed poll's interval of 20 s and its slack). The reader's likes are never kept: a like through one
 * instance must show on the next page whichever instance serves it.
 *
 * Staleness, and why it is acceptable: a post's counts (likes, comments) may lag by up to POSTS_MS on top
 * of the counter subscriber's own delay, as counts on a social feed do; a post deleted through another
 * instance may be shown that long (its image is gone once cleaned up; through this instance, at once not).
 * After a like or unlike through this instance its post is read fresh (not kept) for SETTLE_MS, the
 * counter subscriber's time, so its count follows. Absent posts are not kept (a new post read too early is
 * asked again).
 */
import type { EntityItem } from "electrodb";
import { TtlCache } from "../util/cache";
import type { posts as postEntity } from "./entities";

export const POSTS_MS = 30_000;

export const posts = new TtlCache<EntityItem<typeof postEntity>>("posts", POSTS_MS);

/** After a like through this instance, its post is read fresh this long: the counter subscriber's time. */
export const SETTLE_MS = 5_000;

/** A like (or unlike) of the post through this instance: its count is read again until it has settled. */
export function liked(postID: string, now: () => Date): void {
  posts.hold(postID, now().getTime() + SETTLE_MS);
}
