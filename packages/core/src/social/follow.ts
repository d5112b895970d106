export * as Follow from "./follow";

import * as z from "zod";
import { member, viewer } from "../actor";
import { ignoreConditionalFailure } from "../dynamo";
import { getAll } from "../dynamo/batch";
import { ValidationError } from "../error";
import * as User from "../user";
import { type Clock, systemClock } from "../util/clock";
import { encodeCursor } from "../util/cursor";
import { type Page, paged } from "../util/page";
import { follows } from "./entities";

export class SelfFollowError extends ValidationError {
  constructor() {
    super("You cannot follow yourself", undefined, "self_follow");
  }
}

/** The member behind `handle`, who must not be the caller. */
async function other(handle: string): Promise<{ me: string; them: User.Profile }> {
  const me = member();
  const them = await User.fromHandle(handle);
  if (them.id === me) throw new SelfFollowError();
  return { me, them };
}

/** Follow, idempotently: the edge is created only if absent, so a repeat makes no INSERT to count. */
export async function follow(
  handle: string,
  now: Clock = systemClock,
): Promise<{ handle: string; following: true }> {
  const { me, them } = await other(handle);
  await ignoreConditionalFailure(
    follows.create({ followerID: me, followeeID: them.id, createdAt: now().getTime() }).go(),
  );
  return { handle: them.handle ?? handle, following: true };
}

/** Unfollow, idempotently: only an existing edge is deleted, so a repeat makes no REMOVE. */
export async function unfollow(handle: string): Promise<{ handle: string; following: false }> {
  const { me, them } = await other(handle);
  await follows.delete({ followerID: me, followeeID: them.id }).go({ response: "all_old" });
  return { handle: them.handle ?? handle, following: false };
}

export async function isFollowing(followerID: string, followeeID: string): Promise<boolean> {
  const edge = await follows.get({ followerID, followeeID }).go({ consistent: true });
  return Boolean(edge.data);
}

/** Who follows `handle`, most recent first. */
export async function followers(handle: string, page?: Page) {
  return paged(page, async ({ limit, cursor }) => {
    const { id } = await User.fromHandle(handle);
    const result = await follows.query.followers({ followeeID: id }).go({ order: "desc", limit, cursor });
    return profilesOf(
      result.data.map((f) => f.followerID),
      result.cursor,
    );
  });
}

/** Whom `handle` follows, most recent first. */
export async function following(handle: string, page?: Page) {
  return paged(page, async ({ limit, cursor }) => {
    const { id } = await User.fromHandle(handle);
    const result = await follows.query.following({ followerID: id }).go({ order: "desc", limit, cursor });
    return profilesOf(
      result.data.map((f) => f.followeeID),
      result.cursor,
    );
  });
}

async function profilesOf(ids: string[], cursor: string | null) {
  const profiles = await User.profiles(ids);
  // A deleted account's edges may linger until its own cleanup: it is simply not listed.
  const items = ids.flatMap((id) => (profiles.has(id) ? [profiles.get(id)!] : []));
  return { items, cursor: encodeCursor(cursor) };
}

/** A member's profile as the caller sees it: with whether the calling member follows them. */
export const View = z.object({
  user: User.Profile,
  followedByMe: z.boolean().optional().describe("present when a member asks about someone else"),
});
export type View = z.infer<typeof View>;

export async function view(handle: string): Promise<View> {
  const user = await User.fromHandle(handle);
  const me = viewer();
  if (!me || me === user.id) return { user };
  return { user, followedByMe: await isFollowing(me, user.id) };
}

/** Everyone `followerID` follows (strongly consistent), for rebuilding their home feed. */
export async function followeesOf(followerID: string): Promise<string[]> {
  const edges = await follows.query.primary({ followerID }).go({ pages: "all", consistent: true });
  return edges.data.map((f) => f.followeeID);
}

/** One page of the ids following `followeeID`, newest first, for fan-out. */
export async function followerPage(followeeID: string, options: { cursor: string | null; limit: number }) {
  const page: { data: { followerID: string }[]; cursor: string | null } = await follows.query
    .followers({ followeeID })
    .go({ cursor: options.cursor, limit: options.limit, attributes: ["followerID"] });
  return { ids: page.data.map((f) => f.followerID), cursor: page.cursor };
}

/** Which of these readers follow `followeeID` now (strongly consistent batched reads of the edges). */
export async function stillFollowing(followerIDs: string[], followeeID: string): Promise<Set<string>> {
  const keys = [...new Set(followerIDs)].map((followerID) => ({ followerID, followeeID }));
  const found = await getAll(keys, (left) =>
    follows.get(left).go({ consistent: true, attributes: ["followerID"], concurrency: 8 }),
  );
  return new Set(found.map((edge) => edge.followerID));
}
