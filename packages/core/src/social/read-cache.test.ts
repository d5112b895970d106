import { describe, expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import * as Feed from "../feed";
import * as User from "../user";
import { caches } from "../util/cache";
import { likes } from "./entities";
import * as Like from "./like";
import * as Post from "./post";
import { POSTS_MS } from "./read-cache";
import { as, follow, member, quickPost } from "./testing";

const reads = () =>
  caches().reduce((sum, c) => sum + (["posts", "authors"].includes(c.name) ? c.reads : 0), 0);
const page = (reader: { id: string }, now?: () => Date) => as(reader, () => Feed.read({ limit: 10 }, now));
const later = (ms: number) => () => new Date(Date.now() + ms);

/** A reader following an author with two posts, whose feed page this instance has just read. */
async function setup() {
  const [ana, bob] = await Promise.all([member("Ana"), member("Bob")]);
  await follow(bob.id, ana.id);
  await platformIdle();
  const first = await quickPost(ana.id, "one");
  const second = await quickPost(ana.id, "two");
  await platformIdle();
  expect((await page(bob)).items.map((p) => p.id)).toEqual([second.postID, first.postID]);
  return { ana, bob, first, second };
}

describe("the feed's read caches (posts, authors)", () => {
  it("serve a page read again from memory: no table read for its posts and authors", async () => {
    const { bob } = await setup();
    const before = reads();
    const again = await page(bob);
    expect(again.items).toHaveLength(2);
    expect(reads()).toBe(before);
  });

  it("show the reader's own like and unlike through this instance at once, with the count read again", async () => {
    const { bob, second } = await setup();
    await as(bob, () => Like.like(second.postID));
    expect((await page(bob)).items[0]).toMatchObject({ id: second.postID, likedByMe: true });
    await platformIdle(); // the counter subscriber
    expect((await page(bob)).items[0]).toMatchObject({ likedByMe: true, likesCount: 1 });
    await as(bob, () => Like.unlike(second.postID));
    expect((await page(bob)).items[0]).toMatchObject({ likedByMe: false });
    await platformIdle();
    expect((await page(bob)).items[0]).toMatchObject({ likedByMe: false, likesCount: 0 });
  });

  it("drop a post deleted through this instance and show an author's new name at once", async () => {
    const { ana, bob, first, second } = await setup();
    await as(ana, () => Post.remove(second.postID));
    expect((await page(bob)).items.map((p) => p.id)).toEqual([first.postID]);
    await as(ana, () => User.update({ displayName: "Ana Renamed" }));
    expect((await page(bob)).items[0]?.author.displayName).toBe("Ana Renamed");
  });

  it("show the reader's like made elsewhere at once, and the post's new count once its window is over", async () => {
    const { ana, bob, first, second } = await setup();
    // Another instance's like of Bob's, straight to the table; the counter subscriber moves the count.
    await likes.create({ postID: second.postID, userID: bob.id, postAuthorID: ana.id, createdAt: 1 }).go();
    await platformIdle();
    const soon = await page(bob);
    expect(soon.items.map((p) => [p.id, p.likedByMe, p.likesCount])).toEqual([
      [second.postID, true, 0],
      [first.postID, false, 0],
    ]);
    const fresh = await page(bob, later(Math.max(POSTS_MS, User.AUTHORS_MS) + 1));
    expect(fresh.items.map((p) => [p.id, p.likedByMe, p.likesCount])).toEqual([
      [second.postID, true, 1],
      [first.postID, false, 0],
    ]);
  });
});
