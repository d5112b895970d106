export * as Follow from "./follow";

import { isConditionalFailure } from "../dynamo";
import { User } from "../user";
import { encodeCursor } from "../util/cursor";
import { member, type Page, paged, profilesByID, SelfFollowError } from "./common";
import { follows } from "./entities";

/** The member behind `handle`, who must not be the caller. */
async function other(handle: string): Promise<{ me: string; them: User.Profile }> {
  const me = member();
  const them = await User.fromHandle(handle);
  if (them.id === me) throw new SelfFollowError();
  return { me, them };
}

/** Follow, idempotently: the edge is created only if absent, so a repeat makes no INSERT to count. */
export async function follow(handle: string): Promise<{ handle: string; following: true }> {
  const { me, them } = await other(handle);
  try {
    await follows.create({ followerID: me, followeeID: them.id, createdAt: Date.now() }).go();
  } catch (error) {
    if (!isConditionalFailure(error)) throw error;
  }
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
  const profiles = await profilesByID(ids);
  // A deleted account's edges may linger until its own cleanup: it is simply not listed.
  const items = ids.flatMap((id) => (profiles.has(id) ? [profiles.get(id)!] : []));
  return { items, cursor: encodeCursor(cursor) };
}
