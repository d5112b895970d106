/**
 * Whether an unfollow may have raced a fan-out. The fan-out writes each follower's item, and an unfollow's
 * cleanup (graph.ts) deletes the author's items from the reader's feed; if the cleanup read the feed before
 * the fan-out's item landed, the item would outlive the follow. The cleanup first notes the time on the
 * author (`feedAuthors`), then reads the feed consistently. A fan-out reads the note after its last write:
 *
 * - a cleanup that read the feed before that write noted its time before it, so the fan-out sees a note
 *   from after its start (or shortly before: the followers index it read may lag the edges by a moment,
 *   so an unfollow just before the start counts too, LAG_MS) and checks every edge it delivered to;
 * - a cleanup with no note yet reads the feed after the fan-out's writes, and deletes the item itself.
 *
 * So an author nobody unfollowed lately costs one GetItem per post instead of a consistent read of every
 * follower's edge.
 */
import { ignoreConditionalFailure } from "../dynamo";
import { feedAuthors } from "./entities";

/** How far the followers index may lag the edges, taken generously (DynamoDB: well under a second). */
export const LAG_MS = 5 * 60_000;

/** Notes that an unfollow of this author is being taken out of a feed now. Keeps the latest time. */
export async function note(authorID: string, at: number): Promise<void> {
  await ignoreConditionalFailure(
    feedAuthors
      .upsert({ authorID, unfollowedAt: at })
      .where((a, op) => `${op.notExists(a.unfollowedAt)} OR ${op.lt(a.unfollowedAt, at)}`)
      .go(),
  );
}

/** Whether an unfollow of this author was noted at or after `since` (read consistently). */
export async function since(authorID: string, since: number): Promise<boolean> {
  const { data } = await feedAuthors.get({ authorID }).go({ consistent: true });
  return (data?.unfollowedAt ?? Number.NEGATIVE_INFINITY) >= since;
}
