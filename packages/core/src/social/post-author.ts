/**
 * Who wrote a post, remembered per instance: a post's author never changes (readOnly), so a like or a
 * comment reads the post once per instance, not once per request. Writes that rely on the post still
 * existing check it in their own transaction, which is what makes a remembered author safe to use.
 */
import { NotFoundError } from "../error";
import { BoundedMap } from "../util/bounded-map";
import { isID } from "../util/id";
import { posts } from "./entities";

/** Enough for every post being liked at once on one instance; the oldest entries go first. */
const authors = new BoundedMap<string, string>(10_000);

/** The post's author, or NotFoundError if there is no such post (read consistently the first time). */
export async function postAuthorOf(postID: string): Promise<string> {
  const known = authors.get(postID);
  if (known !== undefined) return known;
  const post = isID(postID) ? (await posts.get({ postID }).go({ consistent: true })).data : null;
  if (!post) throw new NotFoundError("No such post");
  authors.set(postID, post.authorID);
  return post.authorID;
}
