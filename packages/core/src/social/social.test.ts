import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { Resource } from "sst";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "../error";
import { client as s3 } from "../storage";
import * as Upload from "../upload";
import * as User from "../user";
import * as Comment from "./comment";
import { comments, likes, notificationMarks, notifications } from "./entities";
import * as Follow from "./follow";
import * as Like from "./like";
import * as Notification from "./notification";
import * as Post from "./post";
import { anonymously, as, deletePost, image, member, post } from "./testing";

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

const counts = async (handle: string) => {
  const p = await User.fromHandle(handle);
  return { posts: p.postsCount, followers: p.followersCount, following: p.followingCount };
};

const imageExists = (key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: Resource.Media.name, Key: key })).then(
    () => true,
    () => false,
  );

describe("posts", () => {
  it("are created from the caller's upload with parsed tags and mentions, and counted by the subscriber", async () => {
    const [ana, bob] = await Promise.all([member("Ana"), member("Bob")]);
    const created = await post(
      ana,
      `Sunset #Gold #gold with @${bob.handle.toUpperCase()} and @nobody_here_${ulid().slice(-6)}`,
    );
    expect(created).toMatchObject({
      author: { id: ana.id, handle: ana.handle, displayName: "Ana" },
      contentType: "image/png",
      tags: ["gold"],
      mentions: [bob.handle],
      likesCount: 0,
      commentsCount: 0,
      likedByMe: false,
    });

    // The post keeps the claim's own copy, under a key no upload form can write.
    expect(created.imageKey).toMatch(new RegExp(`^media/${ana.id}/`));
    // The same upload cannot make a second post, nor can the post's media key.
    const used = await image(ana);
    await as(ana, () => Upload.claim({ key: used, purpose: "post" }));
    await expect(as(ana, () => Post.create({ imageKey: used }))).rejects.toMatchObject({
      code: "upload_claimed",
    });
    await expect(as(ana, () => Post.create({ imageKey: created.imageKey }))).rejects.toBeInstanceOf(
      ValidationError,
    );
    // Nor can someone else's.
    const key = await image(ana);
    await expect(as(bob, () => Post.create({ imageKey: key }))).rejects.toBeInstanceOf(ForbiddenError);

    await as(bob, () => Like.like(created.id));
    await platformIdle();
    expect(await as(bob, () => Post.get(created.id))).toMatchObject({ likesCount: 1, likedByMe: true });
    expect(await as(ana, () => Post.get(created.id))).toMatchObject({ likesCount: 1, likedByMe: false });
    // Anyone may read; only a member gets likedByMe.
    expect(await anonymously(() => Post.get(created.id))).not.toHaveProperty("likedByMe");
    expect(await counts(ana.handle)).toEqual({ posts: 1, followers: 0, following: 0 });
  });

  it("are listed by author newest first, page by page with opaque cursors", async () => {
    const ana = await member("Ana");
    const made: Post.Info[] = [];
    for (const caption of ["one", "two", "three"]) made.push(await post(ana, caption));
    const first = await Post.listByAuthor(ana.handle, { limit: 2 });
    expect(first.items.map((p) => p.caption)).toEqual(["three", "two"]);
    expect(first.cursor).toBeTruthy();
    expect(first.cursor).not.toContain("post");
    const second = await Post.listByAuthor(ana.handle, { limit: 2, cursor: first.cursor });
    expect(second.items.map((p) => p.caption)).toEqual(["one"]);
    expect(second.cursor).toBeNull();
    // Cursors are opaque: one that is not ours, or one of another list, is bad input, not a server error.
    await expect(Post.listByAuthor(ana.handle, { cursor: "%%%" })).rejects.toBeInstanceOf(ValidationError);
    const junk = Buffer.from("junk").toString("base64url");
    await expect(Post.listByAuthor(ana.handle, { cursor: junk })).rejects.toBeInstanceOf(ValidationError);
    const comments = await Comment.list(made[0]!.id, { limit: 1 });
    expect(comments.cursor).toBeNull();
    await as(ana, () => Comment.create(made[0]!.id, { text: "a" }));
    await as(ana, () => Comment.create(made[0]!.id, { text: "b" }));
    const foreign = (await Comment.list(made[0]!.id, { limit: 1 })).cursor;
    await expect(Post.listByAuthor(ana.handle, { cursor: foreign })).rejects.toBeInstanceOf(ValidationError);
    await expect(Post.listByAuthor(ana.handle, { limit: 1000 })).rejects.toBeInstanceOf(ValidationError);
    await expect(Post.listByAuthor("no_such_user_here")).rejects.toBeInstanceOf(NotFoundError);
    expect(made).toHaveLength(3);
  });

  it("refuse captions over 500 characters and bad input, before anything is claimed", async () => {
    const ana = await member();
    const key = await image(ana);
    // Input is checked before any I/O starts: the verb throws rather than returning a promise.
    expect(() => as(ana, () => Post.create({ imageKey: key, caption: "x".repeat(501) }))).toThrow(
      ValidationError,
    );
    expect(() => as(ana, () => Post.create({ imageKey: "" }))).toThrow(ValidationError);
    const ok = await as(ana, () => Post.create({ imageKey: key, caption: "x".repeat(500) }));
    expect(ok.caption).toHaveLength(500);
  });

  it("are deleted by their author only; the subscriber then removes likes, comments, notifications and the image", async () => {
    const [owner, fan, critic, mentioned, stranger] = await Promise.all([
      member("Owner"),
      member("Fan"),
      member("Critic"),
      member("Mentioned"),
      member("Stranger"),
    ]);
    const p = await post(owner, `look @${mentioned.handle}`);
    await as(fan, () => Like.like(p.id));
    await as(critic, () => Comment.create(p.id, { text: "meh" }));
    await platformIdle();
    expect((await as(owner, () => Notification.list())).items.map((n) => n.type).sort()).toEqual([
      "comment",
      "like",
    ]);
    expect((await as(mentioned, () => Notification.list())).items.map((n) => n.type)).toEqual(["mention"]);
    expect(await imageExists(p.imageKey)).toBe(true);

    // IDOR: someone else's post is refused, an unknown one is not found; nothing is deleted.
    await expect(as(stranger, () => Post.remove(p.id))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(as(fan, () => Post.remove(p.id))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(as(owner, () => Post.remove(ulid()))).rejects.toBeInstanceOf(NotFoundError);
    await expect(as(owner, () => Post.remove("../etc"))).rejects.toBeInstanceOf(NotFoundError);
    expect((await Post.get(p.id)).likesCount).toBe(1);

    await as(owner, () => Post.remove(p.id));
    await platformIdle();
    await expect(Post.get(p.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await likes.query.primary({ postID: p.id }).go()).data).toEqual([]);
    expect((await comments.query.primary({ postID: p.id }).go()).data).toEqual([]);
    expect((await as(owner, () => Notification.list())).items).toEqual([]);
    expect(await as(owner, () => Notification.unreadCount())).toBe(0);
    expect((await as(mentioned, () => Notification.list())).items).toEqual([]);
    const marks = await notificationMarks.query
      .primary({ recipientID: owner.id, groupKey: `like_${p.id}` })
      .go();
    expect(marks.data).toEqual([]);
    expect(await imageExists(p.imageKey)).toBe(false);
    expect(await counts(owner.handle)).toMatchObject({ posts: 0 });

    // The post is gone for good: no new like or comment attaches to it, a second delete is a 404.
    await expect(as(fan, () => Like.like(p.id))).rejects.toBeInstanceOf(NotFoundError);
    await expect(as(critic, () => Comment.create(p.id, { text: "late" }))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(as(owner, () => Post.remove(p.id))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("takes back a like that landed on a post deleted through another instance", async () => {
    const [owner, fan] = await Promise.all([member("Owner"), member("Fan")]);
    const p = await post(owner);
    await as(fan, () => Like.like(p.id)); // this instance now knows the post
    await as(fan, () => Like.unlike(p.id));
    await platformIdle();
    await deletePost(p.id); // as another instance would: this one is not told
    await platformIdle();
    await as(fan, () => Like.like(p.id)); // accepted: the post is not read again yet
    await platformIdle();
    await platformIdle();
    expect((await likes.query.primary({ postID: p.id }).go({ consistent: true })).data).toEqual([]);
    expect((await as(owner, () => Notification.list())).items).toEqual([]);
    await expect(Post.get(p.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("members only", () => {
  it("refuses anonymous visitors with account_required and unauthenticated callers with 401", async () => {
    const [ana, bob] = await Promise.all([member("Ana"), member("Bob")]);
    const p = await post(ana);
    const key = await image(ana);
    const refusals = await anonymously(() =>
      Promise.all([
        failure(Post.create({ imageKey: key })),
        failure(Post.remove(p.id)),
        failure(Like.like(p.id)),
        failure(Like.unlike(p.id)),
        failure(Follow.follow(bob.handle)),
        failure(Follow.unfollow(bob.handle)),
        failure(Comment.create(p.id, { text: "hi" })),
        failure(Notification.list()),
      ]),
    );
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(ForbiddenError);
      expect(refusal).toMatchObject({ code: "account_required" });
    }
    await expect(Like.like(p.id)).rejects.toBeInstanceOf(UnauthorizedError);
    // Reading needs no account.
    await expect(anonymously(() => Comment.list(p.id))).resolves.toEqual({ items: [], cursor: null });
    await expect(anonymously(() => Follow.followers(bob.handle))).resolves.toEqual({
      items: [],
      cursor: null,
    });
    await platformIdle();
    expect((await Post.get(p.id)).likesCount).toBe(0);
  });
});

describe("likes", () => {
  it("are idempotent both ways, and count once however often they are repeated", async () => {
    const [ana, bob] = await Promise.all([member(), member()]);
    const p = await post(ana);
    await as(bob, async () => {
      expect(await Like.like(p.id)).toEqual({ postID: p.id, liked: true });
      expect(await Like.like(p.id)).toEqual({ postID: p.id, liked: true });
    });
    await platformIdle();
    expect((await Post.get(p.id)).likesCount).toBe(1);
    await as(bob, async () => {
      expect(await Like.unlike(p.id)).toEqual({ postID: p.id, liked: false });
      expect(await Like.unlike(p.id)).toEqual({ postID: p.id, liked: false });
    });
    await platformIdle();
    expect((await Post.get(p.id)).likesCount).toBe(0);
    await expect(as(bob, () => Like.like(ulid()))).rejects.toBeInstanceOf(NotFoundError);
    await expect(as(bob, () => Like.like("not-an-id"))).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("follows", () => {
  it("are idempotent, refuse following oneself, and list followers and following page by page", async () => {
    const [star, a, b, c] = await Promise.all([member("Star"), member("A"), member("B"), member("C")]);
    for (const fan of [a, b, c]) await as(fan, () => Follow.follow(star.handle));
    await as(a, () => Follow.follow(star.handle));
    await as(star, () => Follow.follow(a.handle));

    const self = await failure(as(star, () => Follow.follow(star.handle)));
    expect(self).toBeInstanceOf(ValidationError);
    expect(self).toMatchObject({ code: "self_follow" });
    await expect(as(star, () => Follow.unfollow(star.handle))).rejects.toMatchObject({ code: "self_follow" });
    await expect(as(star, () => Follow.follow("nobody_at_all_here"))).rejects.toBeInstanceOf(NotFoundError);

    expect(await Follow.isFollowing(a.id, star.id)).toBe(true);
    expect(await Follow.isFollowing(star.id, b.id)).toBe(false);

    const first = await Follow.followers(star.handle, { limit: 2 });
    expect(first.items.map((p) => p.handle)).toEqual([c.handle, b.handle]);
    const second = await Follow.followers(star.handle, { limit: 2, cursor: first.cursor });
    expect(second.items.map((p) => p.handle)).toEqual([a.handle]);
    expect(second.cursor).toBeNull();
    expect((await Follow.following(star.handle)).items.map((p) => p.id)).toEqual([a.id]);

    await platformIdle();
    expect(await counts(star.handle)).toEqual({ posts: 0, followers: 3, following: 1 });
    expect(await counts(a.handle)).toEqual({ posts: 0, followers: 1, following: 1 });

    await as(a, () => Follow.unfollow(star.handle));
    await as(a, () => Follow.unfollow(star.handle));
    await platformIdle();
    expect(await Follow.isFollowing(a.id, star.id)).toBe(false);
    expect(await counts(star.handle)).toMatchObject({ followers: 2 });
    expect(await counts(a.handle)).toMatchObject({ following: 0 });
  });
});

describe("comments", () => {
  it("are listed oldest first page by page, limited to 1,000 characters, and counted", async () => {
    const [ana, bob] = await Promise.all([member(), member()]);
    const p = await post(ana);
    for (const text of ["first", "second", "third"]) await as(bob, () => Comment.create(p.id, { text }));
    const long = await as(bob, () => Comment.create(p.id, { text: `  ${"y".repeat(1000)}  ` }));
    expect(long.text).toHaveLength(1000);
    await expect(as(bob, () => Comment.create(p.id, { text: "y".repeat(1001) }))).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(as(bob, () => Comment.create(p.id, { text: "   " }))).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(as(bob, () => Comment.create(ulid(), { text: "hi" }))).rejects.toBeInstanceOf(NotFoundError);

    const first = await Comment.list(p.id, { limit: 2 });
    expect(first.items.map((c) => c.text)).toEqual(["first", "second"]);
    expect(first.items[0]?.author).toMatchObject({ id: bob.id, handle: bob.handle });
    const rest = await Comment.list(p.id, { limit: 5, cursor: first.cursor });
    expect(rest.items.map((c) => c.text.slice(0, 5))).toEqual(["third", "yyyyy"]);
    expect(rest.cursor).toBeNull();
    await expect(Comment.list(ulid())).rejects.toBeInstanceOf(NotFoundError);

    await platformIdle();
    expect((await Post.get(p.id)).commentsCount).toBe(4);
  });

  it("are deleted by their author or the post's author, and by nobody else", async () => {
    const [owner, author, other, stranger] = await Promise.all([member(), member(), member(), member()]);
    const p = await post(owner);
    const elsewhere = await post(stranger);
    const mine = await as(author, () => Comment.create(p.id, { text: "mine" }));
    const theirs = await as(other, () => Comment.create(p.id, { text: "theirs" }));
    const ownerSays = await as(owner, () => Comment.create(p.id, { text: "owner" }));

    // IDOR: a stranger (even one with posts of their own) cannot delete; a commenter cannot delete another's.
    await expect(as(stranger, () => Comment.remove(p.id, mine.id))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(as(other, () => Comment.remove(p.id, mine.id))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(as(author, () => Comment.remove(p.id, ownerSays.id))).rejects.toBeInstanceOf(ForbiddenError);
    // A comment named under a post it is not on, or not at all, is not found.
    await expect(as(stranger, () => Comment.remove(elsewhere.id, mine.id))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(as(author, () => Comment.remove(p.id, ulid()))).rejects.toBeInstanceOf(NotFoundError);

    await as(author, () => Comment.remove(p.id, mine.id));
    await as(owner, () => Comment.remove(p.id, theirs.id));
    expect((await Comment.list(p.id)).items.map((c) => c.id)).toEqual([ownerSays.id]);
    await expect(as(author, () => Comment.remove(p.id, mine.id))).rejects.toBeInstanceOf(NotFoundError);
    await platformIdle();
    expect((await Post.get(p.id)).commentsCount).toBe(1);
  });
});

describe("notifications", () => {
  it("group likes per post, never come from one's own actions, and count and mark unread", async () => {
    const [owner, ana, bo, cy, dee] = await Promise.all([
      member("Owner"),
      member("Ana"),
      member("Bo"),
      member("Cy"),
      member("Dee"),
    ]);
    const p = await post(owner, `selfie @${owner.handle}`);
    await as(owner, () => Like.like(p.id));
    await as(owner, () => Comment.create(p.id, { text: "my own" }));
    await platformIdle();
    expect(await as(owner, () => Notification.list())).toEqual({ items: [], cursor: null, unread: 0 });

    for (const fan of [ana, bo, cy]) {
      await as(fan, () => Like.like(p.id));
      await platformIdle();
    }
    let list = await as(owner, () => Notification.list());
    expect(list.unread).toBe(1);
    expect(list.items).toHaveLength(1);
    const likeGroup = list.items[0]!;
    expect(likeGroup).toMatchObject({
      id: `like_${p.id}`,
      type: "like",
      postID: p.id,
      actorCount: 3,
      read: false,
      summary: "Cy and 2 others liked your post",
    });
    expect(likeGroup.actors.map((a) => a.handle)).toEqual([cy.handle, bo.handle, ana.handle]);

    // An unlike and a like again notify nobody twice.
    await as(ana, () => Like.unlike(p.id));
    await as(ana, () => Like.like(p.id));
    await as(ana, () => Comment.create(p.id, { text: "first!" }));
    await as(bo, () => Follow.follow(owner.handle));
    await as(cy, () => Follow.follow(owner.handle));
    await platformIdle();
    await as(ana, () => Comment.create(p.id, { text: "and again" }));
    await platformIdle();
    list = await as(owner, () => Notification.list());
    expect(list.unread).toBe(3);
    expect(await as(owner, () => Notification.unreadCount())).toBe(3);
    const byType = Object.fromEntries(list.items.map((n) => [n.type, n]));
    expect(byType.like).toMatchObject({ actorCount: 3 });
    expect(byType.comment).toMatchObject({
      actorCount: 1,
      text: "and again",
      summary: "Ana commented on your post",
    });
    expect(byType.follow).toMatchObject({ actorCount: 2, summary: "Cy and Bo started following you" });
    // Most recently active first.
    expect(list.items[0]?.type).toBe("comment");

    // Someone else cannot mark the owner's notifications read.
    await as(ana, () => Notification.markRead({ ids: [likeGroup.id] }));
    expect(await as(owner, () => Notification.unreadCount())).toBe(3);

    expect(await as(owner, () => Notification.markRead({ ids: [likeGroup.id, "junk id"] }))).toEqual({
      marked: 1,
    });
    expect(await as(owner, () => Notification.unreadCount())).toBe(2);
    await as(owner, () => Notification.markRead({ all: true }));
    list = await as(owner, () => Notification.list());
    expect(list.unread).toBe(0);
    expect(list.items.every((n) => n.read)).toBe(true);

    // New activity makes a read group unread again, counted once more.
    await as(dee, () => Like.like(p.id));
    await platformIdle();
    list = await as(owner, () => Notification.list({ limit: 1 }));
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({ id: likeGroup.id, read: false, actorCount: 4 });
    expect(list.items[0]?.summary).toBe("Dee and 3 others liked your post");
    expect(list.cursor).toBeTruthy();
    const next = await as(owner, () => Notification.list({ limit: 5, cursor: list.cursor }));
    expect(next.items.map((n) => n.type).sort()).toEqual(["comment", "follow"]);

    expect(() => as(owner, () => Notification.markRead({ ids: [] }))).toThrow(ValidationError);
  });

  it("tell a mentioned member once, and a replayed record notifies nobody twice", async () => {
    const [author, named, fan] = await Promise.all([member("Author"), member("Named"), member("Fan")]);
    const p = await post(author, `with @${named.handle} and @${named.handle}`);
    await as(fan, () => Like.like(p.id));
    await platformIdle();
    const mention = (await as(named, () => Notification.list())).items;
    expect(mention).toHaveLength(1);
    expect(mention[0]).toMatchObject({ type: "mention", postID: p.id, actorCount: 1, text: p.caption });

    const like = (await likes.get({ postID: p.id, userID: fan.id }).go()).data!;
    const replay = { eventID: ulid(), eventName: "INSERT" as const, entity: "like", newImage: like };
    await Notification.handle(replay);
    await Notification.handle(replay);
    const group = (await notifications.get({ recipientID: author.id, groupKey: `like_${p.id}` }).go()).data;
    expect(group).toMatchObject({ actorCount: 1, actorIDs: [fan.id] });
    expect(await as(author, () => Notification.unreadCount())).toBe(1);
  });
});
