/**
 * Who wrote a post, kept per instance for as long as a post deleted elsewhere may still be shown
 * (ReadCache.POSTS_MS): a like or a comment reads its post at most that often, not once per request. A
 * like relies on it for the post's existence too (one conditional put, no transaction): one that lands on
 * a post deleted meanwhile is taken back by the counter subscriber, which finds the post gone when it
 * counts the like (Counter.apply). Deletes through this instance forget the post at once.
 */
import { NotFoundError } from "../error";
import { TtlCache } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import { isID } from "../util/id";
import { posts } from "./entities";
import { POSTS_MS } from "./read-cache";

const authors = new TtlCache<string>("post-authors", POSTS_MS);

/** The post's author, or NotFoundError if there is no such post (read consistently when not kept). */
export function postAuthorOf(postID: string, now: Clock = systemClock): Promise<string> {
  return authors.get(
    postID,
    async () => {
      const post = isID(postID) ? (await posts.get({ postID }).go({ consistent: true })).data : null;
      if (!post) throw new NotFoundError("No such post");
      return post.authorID;
    },
    now,
  );
}

/** A post deleted through this instance: not liked from here again. */
export function forget(postID: string): void {
  authors.invalidate(postID);
}
