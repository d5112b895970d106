export * as Post from "./post";

import type { EntityItem } from "electrodb";
import { ulid } from "ulid";
import * as z from "zod";
import { member, viewer } from "../actor";
import { ENTITY_ATTRIBUTE, isConditionalFailure } from "../dynamo";
import { deleteAll, getItems } from "../dynamo/batch";
import { ForbiddenError, NotFoundError } from "../error";
import * as Upload from "../upload";
import * as User from "../user";
import { readThrough } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import { encodeCursor } from "../util/cursor";
import { fn } from "../util/fn";
import { isID } from "../util/id";
import { type Page, paged } from "../util/page";
import { Author, authorOf, authorsByID, goneAuthor } from "./author";
import { comments, likes, posts } from "./entities";
import * as Like from "./like";
import * as Notification from "./notification";
import * as PostAuthor from "./post-author";
import * as ReadCache from "./read-cache";
import { parse, Text } from "./text";

export const MAX_CAPTION = 500;

export const Info = z.object({
  id: z.string(),
  author: Author,
  imageKey: z.string(),
  contentType: z.string(),
  caption: z.string(),
  tags: z.array(z.string()).describe("lower-cased, without #"),
  mentions: z.array(z.string()).describe("handles of mentioned users, lower-cased, without @"),
  likesCount: z.number(),
  commentsCount: z.number(),
  likedByMe: z.boolean().optional().describe("present when a member is asking"),
  createdAt: z.number().describe("epoch milliseconds"),
});
export type Info = z.infer<typeof Info>;

export type Item = EntityItem<typeof posts>;

export const Caption = Text(MAX_CAPTION);

export function toInfo(item: Item, author: Author, likedByMe: boolean | undefined): Info {
  return {
    id: item.postID,
    author,
    imageKey: item.imageKey,
    contentType: item.contentType,
    caption: item.caption,
    tags: item.tags,
    mentions: item.mentions,
    likesCount: item.likesCount,
    commentsCount: item.commentsCount,
    ...(likedByMe === undefined ? {} : { likedByMe }),
    createdAt: item.createdAt,
  };
}

const CreateInput = z.object({ imageKey: z.string().min(1).max(300), caption: Caption.default("") });

/**
 * A new post by the calling member. The uploaded image is claimed first (it must be the caller's own,
 * valid and unused); mentions of handles nobody holds are kept as text but notify no one.
 */
export const create = /* @__PURE__ */ fn(
  CreateInput,
  async ({ imageKey, caption }, now: Clock = systemClock) => {
    const authorID = member();
    const { tags, mentions } = parse(caption);
    const mentioned = (
      await Promise.all(mentions.map((handle) => User.fromHandle(handle).catch(() => undefined)))
    ).filter((p): p is User.Profile => p !== undefined);
    const image = await Upload.claim({ key: imageKey, purpose: "post" });
    const created = await posts
      .create({
        postID: ulid(),
        authorID,
        imageKey: image.key,
        contentType: image.contentType,
        caption,
        tags,
        mentions: mentioned.map((p) => p.handle ?? "").filter(Boolean),
        mentionIDs: mentioned.map((p) => p.id),
        createdAt: now().getTime(),
      })
      .go();
    const author = (await authorsByID([authorID], now)).get(authorID)!;
    return toInfo(created.data, author, false);
  },
);

export async function getItem(postID: string): Promise<Item | undefined> {
  if (!isID(postID)) return undefined;
  const result = await posts.get({ postID }).go({ consistent: true });
  return result.data ?? undefined;
}

/** A post as anyone sees it, with `likedByMe` for a member. */
export async function get(postID: string): Promise<Info> {
  const item = await getItem(postID);
  if (!item) throw new NotFoundError("No such post");
  const me = viewer();
  const [authors, liked] = await Promise.all([
    authorsByID([item.authorID]),
    me ? Like.likedBy(me, [postID]) : undefined,
  ]);
  return toInfo(item, authors.get(item.authorID)!, liked?.has(postID));
}

/** A member's posts, newest first. */
export async function listByAuthor(handle: string, page?: Page) {
  return paged(page, async ({ limit, cursor }) => {
    const profile = await User.fromHandle(handle);
    const result = await posts.query.byAuthor({ authorID: profile.id }).go({ order: "desc", limit, cursor });
    const me = viewer();
    const liked = me
      ? await Like.likedBy(
          me,
          result.data.map((p) => p.postID),
        )
      : undefined;
    const author = authorOf(profile);
    return {
      items: result.data.map((item) => toInfo(item, author, liked?.has(item.postID))),
      cursor: encodeCursor(result.cursor),
    };
  });
}

/**
 * Delete one's own post. Only the post item goes here; the post-cleanup subscriber removes its image,
 * likes, comments and notifications when it sees the REMOVE.
 */
export async function remove(postID: string): Promise<void> {
  const me = member();
  const item = await getItem(postID);
  if (!item) throw new NotFoundError("No such post");
  if (item.authorID !== me) throw new ForbiddenError("Only its author can delete a post");
  try {
    await posts
      .delete({ postID })
      .where((a, op) => op.eq(a.authorID, me))
      .go();
  } catch (error) {
    if (!isConditionalFailure(error)) throw error;
    throw new NotFoundError("No such post");
  }
  ReadCache.posts.invalidate(postID);
  PostAuthor.forget(postID);
}

/**
 * Everything derived from a deleted post: likes, comments, notifications, the image. Idempotent: run again
 * it finds nothing left to delete. Comments are created only while the post exists (their transaction
 * checks it); a like landing after this read is taken back when it is counted (Counter.apply).
 */
export async function cleanup(item: Pick<Item, "postID" | "authorID" | "imageKey" | "mentionIDs">) {
  const { postID } = item;
  const liked = await likes.query.primary({ postID }).go({ pages: "all", consistent: true });
  await deleteAll(
    liked.data.map((l) => ({ postID, userID: l.userID })),
    (keys) => likes.delete(keys).go(),
  );
  const said = await comments.query.primary({ postID }).go({ pages: "all", consistent: true });
  await deleteAll(
    said.data.map((c) => ({ postID, commentID: c.commentID })),
    (keys) => comments.delete(keys).go(),
  );
  await Notification.removeForPost(item);
  await Upload.removeObject(item.imageKey);
}

/** An author's newest post ids first, older than `before` if given (the home feed's sources). */
export async function recent(authorID: string, options: { limit: number; before?: string }) {
  const query = posts.query.byAuthor({ authorID });
  const result = await (options.before ? query.lt({ postID: options.before }) : query).go({
    order: "desc",
    limit: options.limit,
    attributes: ["postID", "authorID"],
  });
  return { items: result.data as { postID: string; authorID: string }[], more: result.cursor !== null };
}

/**
 * Posts as `viewerID` sees them, by id, with their authors (known from the feed's own items) and the
 * viewer's likes, in one BatchGet: the likes are always read (a reader's own like through another instance
 * must show at once), with whatever posts and authors this instance's caches (./read-cache, User.authors)
 * do not hold. Posts deleted meanwhile are absent.
 */
export async function hydrate(
  refs: { postID: string; authorID: string }[],
  viewerID: string,
  now: Clock = systemClock,
): Promise<Map<string, Info>> {
  const ids = [...new Set(refs.map((r) => r.postID))];
  const authorIDs = [...new Set(refs.map((r) => r.authorID))];
  let liked: Set<string> | undefined;
  const read = await readThrough(
    {
      posts: { cache: ReadCache.posts, keys: ids },
      authors: { cache: User.authors, keys: authorIDs },
    },
    async (missing) => {
      // One BatchGet for the posts and authors missed and the likes (a feed page's fit in its 100 keys).
      const found = await getItems([
        ...missing.posts.map((postID) => posts.get({ postID }).params().Key),
        ...missing.authors.map(User.keyOf),
        ...ids.map((postID) => likes.get({ postID, userID: viewerID }).params().Key),
      ]);
      const out = { posts: new Map<string, Item>(), authors: new Map<string, User.Profile>() };
      liked = new Set();
      for (const raw of found) {
        const user = User.parseItem(raw);
        if (user) out.authors.set(user.userID, User.toProfile(user));
        else if (raw[ENTITY_ATTRIBUTE] === posts.schema.model.entity) {
          const item = posts.parse({ Item: raw }).data;
          if (item) out.posts.set(item.postID, item);
        } else if (raw[ENTITY_ATTRIBUTE] === likes.schema.model.entity) {
          const like = likes.parse({ Item: raw }).data;
          if (like) liked.add(like.postID);
        }
      }
      return out;
    },
    now,
  );
  // Everything else was cached: the likes alone.
  liked ??= await Like.likedBy(viewerID, ids);
  return new Map(
    [...read.posts.values()].map((item) => {
      const profile = read.authors.get(item.authorID);
      const author = profile ? authorOf(profile) : goneAuthor(item.authorID);
      return [item.postID, toInfo(item, author, liked!.has(item.postID))];
    }),
  );
}
