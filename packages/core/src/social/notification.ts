export * as Notification from "./notification";

import type { EntityItem } from "electrodb";
import * as z from "zod";
import { member } from "../actor";
import { type Change, count, ignoreConditionalFailure } from "../dynamo";
import { backoff, deleteAll, sleep } from "../dynamo/batch";
import { action, exists, type TransactItem, transact } from "../dynamo/transaction";
import { encodeCursor } from "../util/cursor";
import { fn } from "../util/fn";
import { type Page, paged } from "../util/page";
import { Author, authorsByID } from "./author";
import { type comments, type follows, type likes, notificationMarks, notifications, posts } from "./entities";

export const Type = z.enum(["like", "comment", "follow", "mention"]);
export type Type = z.infer<typeof Type>;

/** How many of a group's latest actors are kept and shown. */
export const RECENT_ACTORS = 3;
/** Comment and caption excerpts carried in a notification. */
const EXCERPT = 140;

export const Info = z.object({
  id: z.string(),
  type: Type,
  postID: z.string().optional(),
  actors: z.array(Author).describe("the latest few, newest first"),
  actorCount: z.number().describe("distinct people in the group"),
  read: z.boolean(),
  createdAt: z.number().describe("epoch milliseconds"),
  updatedAt: z.number().describe("epoch milliseconds of the latest activity"),
  text: z.string().optional().describe("the latest comment, or the caption that mentions you"),
  summary: z.string().describe('e.g. "Ana and 2 others liked your post"'),
});
export type Info = z.infer<typeof Info>;

type Item = EntityItem<typeof notifications>;

/** One thing someone did that may notify someone else. */
export interface Event {
  type: Type;
  recipientID: string;
  actorID: string;
  postID?: string;
  /** When it happened (epoch ms): the group's time, and the day of a follow group. */
  at: number;
  /** Increasing per actor within a group (a comment's ULID): a later comment notifies again. */
  sourceID: string;
  text?: string;
}

/** Likes, comments and mentions group per post; new followers per day. */
export function groupKey(event: Pick<Event, "type" | "postID" | "at">): string {
  if (event.type === "follow")
    return `follow_${new Date(event.at).toISOString().slice(0, 10).replaceAll("-", "")}`;
  return `${event.type}_${event.postID}`;
}

const GROUP_KEY = /^(?:(?:like|comment|mention)_[0-9A-HJKMNP-TV-Z]{26}|follow_\d{8})$/;

const VERBS: Record<Type, string> = {
  like: "liked your post",
  comment: "commented on your post",
  follow: "started following you",
  mention: "mentioned you in a post",
};

/** "Ana liked your post", "Ana and Bo liked your post", "Ana and 2 others liked your post". */
export function summary(type: Type, names: string[], actorCount: number): string {
  const first = names[0] ?? "Someone";
  const others = Math.max(0, actorCount - 1);
  const who =
    others === 0
      ? first
      : others === 1 && names[1]
        ? `${first} and ${names[1]}`
        : `${first} and ${others} ${others === 1 ? "other" : "others"}`;
  return `${who} ${VERBS[type]}`;
}

function excerpt(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const chars = [...text];
  return chars.length <= EXCERPT ? text : `${chars.slice(0, EXCERPT - 1).join("")}…`;
}

const MAX_ATTEMPTS = 20;

/**
 * Record an event in its recipient's notifications; never for one's own actions. Idempotent: the actor's
 * mark in the group and the group's update are one transaction, so a replayed record (or a like after an
 * unlike) finds the mark and changes nothing, while a later comment by the same person notifies again.
 * Events about a post check in the same transaction that the post still exists.
 */
export async function deliver(event: Event): Promise<"notified" | "skipped"> {
  if (event.recipientID === event.actorID) return "skipped";
  const key = { recipientID: event.recipientID, groupKey: groupKey(event) };
  const postCheck: TransactItem[] = event.postID
    ? [exists(posts.get({ postID: event.postID }).params())]
    : [];
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = (await notifications.get(key).go({ consistent: true })).data ?? undefined;
    // First as a newcomer to the group: the mark must not exist yet, and the actor is counted.
    let outcome = await transact([
      action(notificationMarks.create({ ...key, actorID: event.actorID, lastEventID: event.sourceID })),
      groupWrite(key, current, event, 1),
      ...postCheck,
    ]);
    let [mark, group, post] = outcome.ok ? [] : outcome.codes;
    if (mark === "ConditionalCheckFailed") {
      // Seen before: only a later comment by the same person notifies again, without counting them twice.
      if (event.type !== "comment") return "skipped";
      outcome = await transact([
        action(
          notificationMarks
            .patch({ ...key, actorID: event.actorID })
            .set({ lastEventID: event.sourceID })
            .where((a, op) => op.lt(a.lastEventID, event.sourceID)),
        ),
        groupWrite(key, current, event, 0),
        ...postCheck,
      ]);
      [mark, group, post] = outcome.ok ? [] : outcome.codes;
      if (mark === "ConditionalCheckFailed") return "skipped";
    }
    if (outcome.ok) return "notified";
    if (post === "ConditionalCheckFailed") return "skipped";
    // The group changed since it was read (another event, a concurrent first write): read it again.
    if (group === "ConditionalCheckFailed" || outcome.codes.includes("TransactionConflict")) {
      await sleep(backoff(attempt, { baseMs: 5, maxMs: 200 }));
      continue;
    }
    throw new Error(`notification write cancelled: ${outcome.codes.join(", ")}`);
  }
  throw new Error(`notification group ${key.groupKey} too contended`);
}

/** Create the group, or update the version read, with the actor first among the recent ones. */
function groupWrite(
  key: { recipientID: string; groupKey: string },
  current: Item | undefined,
  event: Event,
  counted: 0 | 1,
): TransactItem {
  const text = event.type === "comment" || event.type === "mention" ? excerpt(event.text) : undefined;
  if (!current)
    return action(
      notifications.create({
        ...key,
        type: event.type,
        postID: event.postID,
        actorIDs: [event.actorID],
        actorCount: 1,
        text,
        read: false,
        createdAt: event.at,
        updatedAt: event.at,
        version: 1,
      }),
    );
  const actorIDs = [event.actorID, ...current.actorIDs.filter((id) => id !== event.actorID)].slice(
    0,
    RECENT_ACTORS,
  );
  return action(
    notifications
      .patch(key)
      .set({
        actorIDs,
        read: false,
        updatedAt: Math.max(current.updatedAt, event.at),
        ...(text ? { text } : {}),
      })
      .add({ version: 1, ...(counted ? { actorCount: counted } : {}) })
      .where((a, op) => op.eq(a.version, current.version)),
  );
}

/** What a social stream record means for notifications (the notifier subscriber calls this). */
export function eventsOf(change: Change): Event[] {
  if (change.eventName !== "INSERT" || !change.newImage) return [];
  const image = change.newImage;
  switch (change.entity) {
    case "like": {
      const like = image as EntityItem<typeof likes>;
      return [
        {
          type: "like",
          recipientID: like.postAuthorID,
          actorID: like.userID,
          postID: like.postID,
          at: like.createdAt,
          sourceID: change.eventID,
        },
      ];
    }
    case "comment": {
      const comment = image as EntityItem<typeof comments>;
      return [
        {
          type: "comment",
          recipientID: comment.postAuthorID,
          actorID: comment.authorID,
          postID: comment.postID,
          at: comment.createdAt,
          sourceID: comment.commentID,
          text: comment.text,
        },
      ];
    }
    case "follow": {
      const follow = image as EntityItem<typeof follows>;
      return [
        {
          type: "follow",
          recipientID: follow.followeeID,
          actorID: follow.followerID,
          at: follow.createdAt,
          sourceID: change.eventID,
        },
      ];
    }
    case "post": {
      const post = image as EntityItem<typeof posts>;
      return (post.mentionIDs ?? []).map((recipientID) => ({
        type: "mention" as const,
        recipientID,
        actorID: post.authorID,
        postID: post.postID,
        at: post.createdAt,
        sourceID: post.postID,
        text: post.caption,
      }));
    }
    default:
      return [];
  }
}

export async function handle(change: Change): Promise<void> {
  for (const event of eventsOf(change)) await deliver(event);
}

/** The caller's notifications, most recently active first, with the unread count. */
export async function list(page?: Page) {
  const recipientID = member();
  const [result, unread] = await Promise.all([
    paged(page, ({ limit, cursor }) =>
      notifications.query.byTime({ recipientID }).go({ order: "desc", limit, cursor }),
    ),
    countUnread(recipientID),
  ]);
  const authors = await authorsByID(result.data.flatMap((n) => n.actorIDs));
  const items = result.data.map((n): Info => {
    const actors = n.actorIDs.map((id) => authors.get(id)!);
    return {
      id: n.groupKey,
      type: n.type,
      ...(n.postID ? { postID: n.postID } : {}),
      actors,
      actorCount: n.actorCount,
      read: n.read,
      createdAt: n.createdAt,
      updatedAt: n.updatedAt,
      ...(n.text ? { text: n.text } : {}),
      summary: summary(
        n.type,
        actors.map((a) => a.displayName),
        n.actorCount,
      ),
    };
  });
  return { items, cursor: encodeCursor(result.cursor), unread };
}

export async function unreadCount(): Promise<number> {
  return countUnread(member());
}

/** Unread groups are exactly the items of the sparse `unread` index: count them without reading them. */
function countUnread(recipientID: string): Promise<number> {
  return count(notifications.query.unread({ recipientID }).params());
}

export const MarkRead = z.union([
  z.object({ ids: z.array(z.string().max(64)).min(1).max(100) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

/** Mark some of the caller's notifications read, or all of them. Unknown ids are ignored. */
export const markRead = /* @__PURE__ */ fn(MarkRead, async (input) => {
  const recipientID = member();
  let marked = 0;
  const mark = async (groupKey: string) => {
    if (
      await ignoreConditionalFailure(notifications.patch({ recipientID, groupKey }).set({ read: true }).go())
    )
      marked++;
  };
  if ("ids" in input) {
    for (const id of new Set(input.ids)) if (GROUP_KEY.test(id)) await mark(id);
  } else {
    let cursor: string | null = null;
    do {
      const page: { data: Item[]; cursor: string | null } = await notifications.query
        .unread({ recipientID })
        .go({ cursor, limit: 100 });
      for (const n of page.data) await mark(n.groupKey);
      cursor = page.cursor;
    } while (cursor);
  }
  return { marked };
});

/** Delete a post's notification groups (the author's likes and comments, each mention) and their marks. */
export async function removeForPost(post: { postID: string; authorID: string; mentionIDs: string[] }) {
  const groups = [
    { recipientID: post.authorID, groupKey: groupKey({ type: "like", postID: post.postID, at: 0 }) },
    { recipientID: post.authorID, groupKey: groupKey({ type: "comment", postID: post.postID, at: 0 }) },
    ...post.mentionIDs.map((recipientID) => ({
      recipientID,
      groupKey: groupKey({ type: "mention", postID: post.postID, at: 0 }),
    })),
  ];
  for (const group of groups) {
    const marks = await notificationMarks.query.primary(group).go({ pages: "all", consistent: true });
    await deleteAll(
      marks.data.map((m) => ({ ...group, actorID: m.actorID })),
      (keys) => notificationMarks.delete(keys).go(),
    );
    await notifications.delete(group).go();
  }
}
