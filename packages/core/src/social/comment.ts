export * as Comment from "./comment";

import type { EntityItem } from "electrodb";
import { ulid } from "ulid";
import * as z from "zod";
import { member } from "../actor";
import { action, exists, transact } from "../dynamo/transaction";
import { ForbiddenError, NotFoundError } from "../error";
import { type Clock, systemClock } from "../util/clock";
import { encodeCursor } from "../util/cursor";
import { fn } from "../util/fn";
import { isID } from "../util/id";
import { type Page, paged } from "../util/page";
import { Author, authorsByID } from "./author";
import { comments, posts } from "./entities";
import { postAuthorOf } from "./post-author";
import * as ReadCache from "./read-cache";
import { Text } from "./text";

export const MAX_TEXT = 1000;

export const Info = z.object({
  id: z.string(),
  postID: z.string(),
  author: Author,
  text: z.string(),
  createdAt: z.number().describe("epoch milliseconds"),
});
export type Info = z.infer<typeof Info>;

type Item = EntityItem<typeof comments>;

function toInfo(item: Item, author: Author): Info {
  return { id: item.commentID, postID: item.postID, author, text: item.text, createdAt: item.createdAt };
}

export const Input = z.object({ text: Text(MAX_TEXT, 1) });
const validate = /* @__PURE__ */ fn(Input, (input) => input);

async function postOf(postID: string) {
  const post = isID(postID) ? (await posts.get({ postID }).go({ consistent: true })).data : null;
  if (!post) throw new NotFoundError("No such post");
  return post;
}

/** A comment by the calling member; the transaction checks that the post still exists. */
export async function create(
  postID: string,
  input: z.input<typeof Input>,
  now: Clock = systemClock,
): Promise<Info> {
  const { text } = validate(input);
  const authorID = member();
  const item: Item = {
    postID,
    commentID: ulid(),
    authorID,
    postAuthorID: await postAuthorOf(postID),
    text,
    createdAt: now().getTime(),
  };
  const outcome = await transact([exists(posts.get({ postID }).params()), action(comments.create(item))]);
  if (!outcome.ok) {
    if (outcome.codes[0] === "ConditionalCheckFailed") throw new NotFoundError("No such post");
    throw new Error(`comment failed: ${outcome.codes}`);
  }
  ReadCache.posts.invalidate(postID); // its count is read again
  const authors = await authorsByID([authorID], now);
  return toInfo(item, authors.get(authorID)!);
}

/** A post's comments, oldest first, as a conversation reads. */
export async function list(postID: string, page?: Page) {
  return paged(page, async ({ limit, cursor }) => {
    await postOf(postID);
    const result = await comments.query.primary({ postID }).go({ order: "asc", limit, cursor });
    const authors = await authorsByID(result.data.map((c) => c.authorID));
    return {
      items: result.data.map((c) => toInfo(c, authors.get(c.authorID)!)),
      cursor: encodeCursor(result.cursor),
    };
  });
}

/** Its author may delete a comment, and so may the author of the post it is on; nobody else. */
export async function remove(postID: string, commentID: string): Promise<void> {
  const me = member();
  const found =
    isID(postID) && isID(commentID)
      ? (await comments.get({ postID, commentID }).go({ consistent: true })).data
      : null;
  if (!found) throw new NotFoundError("No such comment");
  if (found.authorID !== me && found.postAuthorID !== me)
    throw new ForbiddenError("Only its author or the post's author can delete a comment");
  await comments.delete({ postID, commentID }).go();
  ReadCache.posts.invalidate(postID);
}
