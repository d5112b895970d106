/**
 * Test fixtures for the social context, on the local platform: members with unique handles (the table is
 * shared by every test file of a run), actors, and uploaded images ready to be claimed by a post.
 */
import { ulid } from "ulid";
import * as Actor from "../../actor";
import * as Upload from "../../upload";
import * as User from "../../user";
import { systemClock } from "../../util/clock";
import { comments, follows, likes, posts } from "../entities";
import * as Post from "../post";

export interface Member {
  id: string;
  handle: string;
  displayName: string;
}

export async function member(displayName = "Tester"): Promise<Member> {
  const id = ulid().toLowerCase();
  const tail = `${id.slice(6, 10)}${id.slice(-8)}`;
  const info = await User.createMember({
    email: `social.${tail}@example.com`,
    handle: `s_${tail}`,
    displayName,
    passwordHash: "not-a-real-hash",
  });
  return { id: info.id, handle: info.handle ?? "", displayName };
}

export function as<R>(who: { id: string } | string, run: () => R): R {
  const userID = typeof who === "string" ? who : who.id;
  return Actor.provide({ type: "user", properties: { userID, sessionID: "test" } }, run);
}

export function anonymously<R>(run: () => R): R {
  return Actor.provide({ type: "anonymous", properties: { userID: ulid(), sessionID: "test" } }, run);
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d];

/** An image uploaded by `who` through a presigned POST, as a browser does; returns its key. */
export async function image(who: { id: string }, purpose: Upload.Purpose = "post"): Promise<string> {
  const post = await as(who, () => Upload.create({ purpose, contentType: "image/png", size: PNG.length }));
  const form = new FormData();
  for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(PNG)]), "image.png");
  const response = await fetch(post.url, { method: "POST", body: form });
  if (!response.ok) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
  return post.key;
}

export async function post(who: { id: string }, caption = ""): Promise<Post.Info> {
  const imageKey = await image(who);
  return as(who, () => Post.create({ imageKey, caption }));
}

export interface Counts {
  posts: Record<string, { likes: number; comments: number }>;
  users: Record<string, { posts: number; followers: number; following: number }>;
}

/** The counters as the subscriber keeps them on post and user items. */
export async function counters(postIDs: string[], userIDs: string[]): Promise<Counts> {
  const result: Counts = { posts: {}, users: {} };
  for (const postID of postIDs) {
    const p = (await posts.get({ postID }).go({ consistent: true })).data;
    result.posts[postID] = { likes: p?.likesCount ?? Number.NaN, comments: p?.commentsCount ?? Number.NaN };
  }
  for (const userID of userIDs) {
    const u = await User.getItem(userID);
    result.users[userID] = {
      posts: u?.postsCount ?? Number.NaN,
      followers: u?.followersCount ?? Number.NaN,
      following: u?.followingCount ?? Number.NaN,
    };
  }
  return result;
}

/** The same figures counted from the stored likes, comments, posts and follows themselves. */
export async function groundTruth(postIDs: string[], userIDs: string[]): Promise<Counts> {
  const all = { pages: "all", consistent: true } as const;
  const result: Counts = { posts: {}, users: {} };
  for (const postID of postIDs) {
    const [liked, said] = await Promise.all([
      likes.query.primary({ postID }).go(all),
      comments.query.primary({ postID }).go(all),
    ]);
    result.posts[postID] = { likes: liked.data.length, comments: said.data.length };
  }
  for (const userID of userIDs) {
    const [authored, followers, following] = await Promise.all([
      posts.query.byAuthor({ authorID: userID }).go({ pages: "all" }),
      follows.query.followers({ followeeID: userID }).go({ pages: "all" }),
      follows.query.primary({ followerID: userID }).go(all),
    ]);
    result.users[userID] = {
      posts: authored.data.length,
      followers: followers.data.length,
      following: following.data.length,
    };
  }
  return result;
}

export interface QuickPost {
  postID: string;
  authorID: string;
}

/** A post by `authorID`, written as Post.create would write it (with a placeholder image key). */
export async function quickPost(authorID: string, caption = ""): Promise<QuickPost> {
  const postID = ulid();
  await posts
    .create({
      postID,
      authorID,
      imageKey: `uploads/${authorID}/${postID}.png`,
      contentType: "image/png",
      caption,
      createdAt: systemClock().getTime(),
    })
    .go();
  return { postID, authorID };
}

/** Deletes a post item as Post.remove does (its REMOVE is the event). */
export async function deletePost(postID: string): Promise<void> {
  await posts.delete({ postID }).go();
}

/** A follow edge, as Follow.follow writes it. */
export async function follow(followerID: string, followeeID: string): Promise<void> {
  await follows.create({ followerID, followeeID, createdAt: systemClock().getTime() }).go();
}

export async function unfollow(followerID: string, followeeID: string): Promise<void> {
  await follows.delete({ followerID, followeeID }).go();
}
