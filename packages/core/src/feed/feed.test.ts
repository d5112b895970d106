import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { ValidationError } from "../error";
import { AccountRequiredError } from "../social";
import * as Follow from "../social/follow";
import * as Like from "../social/like";
import * as Post from "../social/post";
import { anonymously, as, member } from "../social/testing";
import * as User from "../user";
import { caches } from "../util/cache";
import * as Feed from ".";
import { feedItems } from "./entities";
import {
  addFollowers,
  deletePost,
  demote,
  follow,
  makeInactive,
  promote,
  quickPost,
  stateOf,
} from "./testing";

/** Every page of a reader's feed, as post ids, with the page size given. */
async function readAll(readerID: string, limit = 5): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null | undefined;
  do {
    const page = await as(readerID, () => Feed.read({ cursor, limit }));
    pages.push(page.items.map((p) => p.id));
    cursor = page.cursor;
  } while (cursor && pages.length < 200);
  return pages;
}

/**
 * Waits for the subscribers, twice: a follow's counter change (a user MODIFY, written by a subscriber) is
 * itself an event the feed reacts to, and one wait covers only what was written before it began.
 */
async function settle() {
  await platformIdle();
  await platformIdle();
}

const ids = (items: { postID: string }[]) => items.map((i) => i.postID);
const newestFirst = (list: string[]) => [...list].sort().reverse();

/** A fresh member whose feed has been read once, so later reads use the incremental machinery. */
async function reader(name = "Reader") {
  const who = await member(name);
  await as(who, () => Feed.read());
  return who;
}

describe("the home feed", () => {
  it("fans a post out to its author and followers, and merges celebrities' posts at read time", async () => {
    const [author, star, fan, other] = await Promise.all([
      member("A"),
      member("Star"),
      reader("Fan"),
      reader(),
    ]);
    await promote(star.id);
    await settle();
    for (const followee of [author, star]) await as(fan, () => Follow.follow(followee.handle));
    await as(other, () => Follow.follow(star.handle));
    await settle();
    expect((await stateOf(fan.id))?.celebrities).toEqual([star.id]);

    const a = await quickPost(author.id, "by a");
    const s = await quickPost(star.id, "by the star");
    const mine = await quickPost(fan.id, "my own");
    await settle();

    // Fan-out wrote the ordinary author's post to the follower and the author; the star's to nobody else.
    expect(ids(await Feed.materialized(fan.id))).toEqual([mine.postID, a.postID]);
    expect(ids(await Feed.materialized(author.id))).toEqual([a.postID]);
    expect(ids(await Feed.materialized(star.id))).toEqual([s.postID]);
    expect(ids(await Feed.materialized(other.id))).toEqual([]);

    const page = await as(fan, () => Feed.read());
    expect(page.items.map((p) => p.id)).toEqual([mine.postID, s.postID, a.postID]);
    expect(page.cursor).toBeNull();
    expect(page.items[1]).toMatchObject({
      caption: "by the star",
      author: { id: star.id, handle: star.handle },
    });
    expect(page.items[1]?.likedByMe).toBe(false);
    expect((await as(other, () => Feed.read())).items.map((p) => p.id)).toEqual([s.postID]);
  });

  it("pages with an opaque cursor: newest first, no duplicates, no gaps, fresh counts", async () => {
    const [author, star, fan] = await Promise.all([member("A"), member("Star"), reader("Fan")]);
    await follow(fan.id, author.id);
    await follow(fan.id, star.id);
    await settle();
    // Posts the fan got both ways (fanned out before their author became a celebrity) are listed once.
    const written = [(await quickPost(star.id)).postID, (await quickPost(star.id)).postID];
    await settle();
    await promote(star.id);
    await settle();
    for (let i = 0; i < 12; i++) written.push((await quickPost(i % 3 === 0 ? star.id : author.id)).postID);
    await settle();
    expect(ids(await Feed.materialized(fan.id))).toEqual(expect.arrayContaining(written.slice(0, 2)));
    const pages = await readAll(fan.id, 4);
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 2]);
    expect(pages.flat()).toEqual(newestFirst(written));

    const liked = written.at(-1)!;
    await as(fan, () => Like.like(liked));
    await settle();
    const first = await as(fan, () => Feed.read({ limit: 1 }));
    expect(first.items[0]).toMatchObject({ id: liked, likesCount: 1, likedByMe: true });

    await expect(as(fan, () => Feed.read({ cursor: "not a cursor" }))).rejects.toBeInstanceOf(
      ValidationError,
    );
    const forged = Buffer.from(JSON.stringify({ v: 1, before: "x", served: 0, celebrities: [] })).toString(
      "base64url",
    );
    await expect(as(fan, () => Feed.read({ cursor: forged }))).rejects.toBeInstanceOf(ValidationError);
    await expect(as(fan, () => Feed.read({ limit: 31 }))).rejects.toBeInstanceOf(ValidationError);
    await expect(anonymously(() => Feed.read())).rejects.toBeInstanceOf(AccountRequiredError);
  });

  it("keeps every feed correct when an author crosses the threshold up and down", async () => {
    const [author, one, two] = await Promise.all([member("A"), reader("One"), reader("Two")]);
    await follow(one.id, author.id);
    await follow(two.id, author.id);
    const before = await quickPost(author.id);
    await settle();
    expect(ids(await Feed.materialized(one.id))).toEqual([before.postID]);

    await addFollowers(author.id, Feed.celebrityThreshold() - 3);
    await settle();
    expect((await stateOf(one.id))?.celebrities).toBeUndefined();
    // The follow that reaches the threshold: the count's MODIFY is the crossing.
    const third = await reader("Third");
    await as(third, () => Follow.follow(author.handle));
    await settle();
    expect((await User.getItem(author.id))?.followersCount).toBe(Feed.celebrityThreshold());
    for (const r of [one, two, third]) expect((await stateOf(r.id))?.celebrities).toEqual([author.id]);

    const during = await quickPost(author.id);
    await settle();
    expect(ids(await Feed.materialized(one.id))).toEqual([before.postID]);
    for (const r of [one, two, third])
      expect((await readAll(r.id)).flat()).toEqual([during.postID, before.postID]);

    await as(third, () => Follow.unfollow(author.handle));
    await settle();
    for (const r of [one, two]) {
      expect((await stateOf(r.id))?.celebrities).toBeUndefined();
      // Back to fan-out: the posts the merge supplied are now materialized.
      expect(ids(await Feed.materialized(r.id))).toEqual([during.postID, before.postID]);
    }
    const after = await quickPost(author.id);
    await settle();
    for (const r of [one, two])
      expect((await readAll(r.id)).flat()).toEqual([after.postID, during.postID, before.postID]);
    expect((await readAll(third.id)).flat()).toEqual([]);
  });

  it("backfills up to 100 recent posts on follow, and removes the author's posts on unfollow", async () => {
    const [author, star, fan] = await Promise.all([member("A"), member("Star"), reader("Fan")]);
    const written: string[] = [];
    for (let i = 0; i < Feed.BACKFILL + 5; i++) written.push((await quickPost(author.id)).postID);
    const starPost = await quickPost(star.id);
    await promote(star.id);
    await settle();

    await as(fan, () => Follow.follow(author.handle));
    await as(fan, () => Follow.follow(star.handle));
    await settle();
    expect(ids(await Feed.materialized(fan.id))).toEqual(newestFirst(written).slice(0, Feed.BACKFILL));
    expect((await stateOf(fan.id))?.celebrities).toEqual([star.id]);
    expect((await as(fan, () => Feed.read({ limit: 2 }))).items.map((p) => p.id)).toEqual([
      starPost.postID,
      newestFirst(written)[0],
    ]);

    await as(fan, () => Follow.unfollow(author.handle));
    await as(fan, () => Follow.unfollow(star.handle));
    await settle();
    expect(await Feed.materialized(fan.id)).toEqual([]);
    expect((await stateOf(fan.id))?.celebrities).toBeUndefined();
    expect((await as(fan, () => Feed.read())).items).toEqual([]);
  });

  it("removes a deleted post from every feed through the index by post", async () => {
    const author = await member("A");
    const fans = await Promise.all([reader(), reader(), reader()]);
    for (const fan of fans) await follow(fan.id, author.id);
    const kept = await quickPost(author.id);
    const gone = await quickPost(author.id);
    await settle();
    expect((await feedItems.query.byPost({ postID: gone.postID }).go()).data).toHaveLength(4);

    await as(author, () => Post.remove(gone.postID));
    await settle();
    expect((await feedItems.query.byPost({ postID: gone.postID }).go()).data).toEqual([]);
    for (const fan of [...fans, author]) expect(ids(await Feed.materialized(fan.id))).toEqual([kept.postID]);
  });

  it("is idempotent under replay: fan-out, removal and graph changes applied twice change nothing", async () => {
    const [author, fan, late] = await Promise.all([member("A"), reader("Fan"), reader("Late")]);
    await follow(fan.id, author.id);
    const p = await quickPost(author.id);
    await settle();
    const once = await Feed.materialized(fan.id);

    await Promise.all([Feed.fanOut(p), Feed.fanOut(p)]);
    expect(await Feed.materialized(fan.id)).toEqual(once);
    const follows = { eventID: ulid(), eventName: "INSERT" as const, entity: "follow" };
    const edge = { followerID: fan.id, followeeID: author.id, createdAt: Date.now() };
    await Promise.all([
      Feed.handleGraph({ ...follows, newImage: edge }),
      Feed.handleGraph({ ...follows, newImage: edge }),
    ]);
    expect(await Feed.materialized(fan.id)).toEqual(once);

    // A replayed follow of an edge that no longer exists leaves nothing behind.
    await Feed.handleGraph({ ...follows, newImage: { ...edge, followerID: late.id } });
    expect(await Feed.materialized(late.id)).toEqual([]);

    await deletePost(p.postID);
    await settle();
    expect(await Feed.retract(p.postID)).toBe(0);
    expect(await Feed.materialized(fan.id)).toEqual([]);
    // A fan-out replayed after the post's removal (bisected batch) is taken back by the reads' cleanup.
    await Feed.fanOut(p);
    expect((await as(fan, () => Feed.read())).items).toEqual([]);
    expect(await Feed.materialized(fan.id)).toEqual([]);

    const crossing = {
      eventID: ulid(),
      eventName: "MODIFY" as const,
      entity: "user",
      oldImage: { userID: author.id, followersCount: 1 },
      newImage: { userID: author.id, followersCount: Feed.celebrityThreshold() },
    };
    await Feed.handleGraph(crossing);
    await Feed.handleGraph(crossing);
    expect((await stateOf(fan.id))?.celebrities).toEqual([author.id]);
    const back = { ...crossing, oldImage: crossing.newImage, newImage: crossing.oldImage };
    await Feed.handleGraph(back);
    await Feed.handleGraph(back);
    expect((await stateOf(fan.id))?.celebrities).toBeUndefined();
  });

  it("trims a feed to its newest 800 items", async () => {
    const who = await member();
    const items = Array.from({ length: Feed.MAX_ITEMS + 30 }, () => ({
      readerID: who.id,
      postID: ulid(),
      authorID: who.id,
    }));
    expect(await Feed.putItems(items)).toBe(items.length);
    expect(await Feed.trim(who.id)).toBe(30);
    const left = await Feed.materialized(who.id);
    expect(ids(left)).toEqual(newestFirst(ids(items)).slice(0, Feed.MAX_ITEMS));
    expect(await Feed.trim(who.id)).toBe(0);
  });

  it("remembers followers seen active, never one seen away: back, they get the next post", async () => {
    const [author, fan, away] = await Promise.all([member("A"), reader("Fan"), reader("Away")]);
    for (const r of [fan, away]) await follow(r.id, author.id);
    await settle();
    await makeInactive(away.id);
    const seen = () => caches().find((c) => c.name === "active-readers") ?? { hits: 0, misses: 0 };
    const post = () => ({ postID: ulid(), authorID: author.id });
    const before = seen();
    expect(await Feed.fanOut(post())).toMatchObject({ followers: 2, skipped: 1 });
    expect(seen().misses - before.misses).toBe(2);

    await as(away, () => Feed.read()); // back: active again
    const next = post();
    expect(await Feed.fanOut(next)).toMatchObject({ followers: 2, skipped: 0 });
    expect(ids(await Feed.materialized(away.id))).toContain(next.postID);
    const after = seen();
    expect([after.hits - before.hits, after.misses - before.misses]).toEqual([1, 3]); // the fan was kept

    expect(await Feed.fanOut(post())).toMatchObject({ skipped: 0 });
    expect(seen().hits - after.hits).toBe(2); // neither read again
  });

  it("takes a post back from readers whose unfollow raced its fan-out", { timeout: 60_000 }, async () => {
    const author = await member("A");
    const fans = await Promise.all(Array.from({ length: 120 }, (_, i) => member(`F${i}`)));
    await Promise.all(fans.map((f) => follow(f.id, author.id)));
    await settle();
    // Posts fanned out while every other fan unfollows: each unfollow's cleanup runs (through the
    // platform's subscriber) at some point of some fan-out, before or after its items land.
    const leaving = fans.filter((_, i) => i % 2 === 0);
    const posts = Array.from({ length: 4 }, () => ({ postID: ulid(), authorID: author.id }));
    await Promise.all([
      (async () => {
        for (const p of posts) await Feed.fanOut(p);
      })(),
      (async () => {
        for (const f of leaving) await as(f, () => Follow.unfollow(author.handle));
      })(),
    ]);
    await settle();
    const postIDs = posts.map((p) => p.postID);
    for (const f of fans) {
      const held = ids(await Feed.materialized(f.id)).filter((id) => postIDs.includes(id));
      expect({ fan: f.id, held }).toEqual({
        fan: f.id,
        held: leaving.includes(f) ? [] : newestFirst(postIDs),
      });
    }
    expect(await Feed.unfollowedSince(author.id, Date.now() - 60_000)).toBe(true);
  });

  it("notes an author's latest unfollow, whatever order the notes come in", async () => {
    const { id } = await member("A");
    expect(await Feed.unfollowedSince(id, 0)).toBe(false);
    await Feed.noteUnfollow(id, 2_000);
    await Feed.noteUnfollow(id, 1_000); // a slower cleanup's older note
    expect(await Feed.unfollowedSince(id, 2_000)).toBe(true);
    expect(await Feed.unfollowedSince(id, 2_001)).toBe(false);
  });

  it("skips readers inactive for 30 days and rebuilds their feed on their next read", async () => {
    const [author, star, away, active] = await Promise.all([
      member("A"),
      member("Star"),
      reader("Away"),
      reader(),
    ]);
    await promote(star.id);
    for (const r of [away, active]) {
      await follow(r.id, author.id);
      await follow(r.id, star.id);
    }
    await settle();
    await makeInactive(away.id);
    const p = await quickPost(author.id);
    const s = await quickPost(star.id);
    // While away, the star became ordinary: the crossing skipped the inactive reader too.
    await demote(star.id);
    await settle();
    expect(ids(await Feed.materialized(active.id))).toContain(p.postID);
    expect(ids(await Feed.materialized(away.id))).toEqual([]);
    expect((await stateOf(away.id))?.celebrities).toEqual([star.id]);

    const page = await as(away, () => Feed.read());
    expect(page.items.map((i) => i.id)).toEqual([s.postID, p.postID]);
    const state = await stateOf(away.id);
    expect(state?.celebrities).toBeUndefined();
    expect(state?.activeAt).toBeGreaterThan(Date.now() - 60_000);
    expect((await User.getItem(away.id))?.lastActiveAt).toBeGreaterThan(Date.now() - 60_000);
    expect(ids(await Feed.materialized(away.id))).toEqual([s.postID, p.postID]);
  });
});
