import { describe, expect, it } from "vitest";
import * as Comments from "@/app/api/posts/[id]/comments/route";
import * as Like from "@/app/api/posts/[id]/like/route";
import * as Posts from "@/app/api/posts/route";
import { call, codeOf, guest, image, member } from "@/app/api/posts/testing";
import * as Follow from "@/app/api/users/[handle]/follow/route";
import { platformIdle } from "@/server/auth.testing";
import * as Read from "./read/route";
import * as Notifications from "./route";
import * as Unread from "./unread/route";

type Who = { authorization: string };

const notifications = async (as: Who, query = "") => {
  const response = await call(Notifications.GET, "GET", { path: `/api/notifications${query}`, as });
  expect(response.status).toBe(200);
  return response.json();
};
const unread = async (as: Who) =>
  (await (await call(Unread.GET, "GET", { path: "/api/notifications/unread", as })).json()).unread;
const markRead = (body: unknown, as?: Who) =>
  call(Read.POST, "POST", { path: "/api/notifications/read", body, as });

describe("notifications through the API", () => {
  it("groups likes, comments and follows, counts the unread, and marks one or all read", async () => {
    const [ana, bob, cid] = await Promise.all([member("Ana"), member("Bob"), member("Cid")]);
    const postResponse = await call(Posts.POST, "POST", {
      path: "/api/posts",
      body: { imageKey: await image(ana), caption: "first light" },
      as: ana,
    });
    const id = (await postResponse.json()).id;
    for (const fan of [bob, cid]) {
      await call(Like.PUT, "PUT", { path: `/api/posts/${id}/like`, params: { id }, as: fan });
      await call(Follow.PUT, "PUT", {
        path: `/api/users/${ana.handle}/follow`,
        params: { handle: ana.handle },
        as: fan,
      });
    }
    await call(Comments.POST, "POST", {
      path: `/api/posts/${id}/comments`,
      params: { id },
      body: { text: "Stunning" },
      as: bob,
    });
    await platformIdle();

    const page = await notifications(ana);
    expect(page.unread).toBe(3);
    expect(await unread(ana)).toBe(3);
    const byType = Object.fromEntries(page.items.map((n: { type: string }) => [n.type, n]));
    expect(Object.keys(byType).sort()).toEqual(["comment", "follow", "like"]);
    expect(byType.like).toMatchObject({
      postID: id,
      actorCount: 2,
      read: false,
      summary: "Cid and Bob liked your post",
    });
    expect(byType.comment).toMatchObject({ text: "Stunning", summary: "Bob commented on your post" });
    expect(byType.follow.actors.map((a: { handle: string }) => a.handle)).toEqual([cid.handle, bob.handle]);

    const one = await markRead({ ids: [byType.like.id, "like_unknown"] }, ana);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual({ marked: 1, unread: 2 });
    // Someone else's ids mark nothing of theirs.
    expect(await (await markRead({ ids: [byType.comment.id] }, bob)).json()).toEqual({
      marked: 0,
      unread: 0,
    });
    expect(await unread(ana)).toBe(2);

    const paged = await notifications(ana, "?limit=1");
    expect(paged.items).toHaveLength(1);
    const rest = await notifications(ana, `?limit=5&cursor=${encodeURIComponent(paged.cursor)}`);
    expect(rest.items).toHaveLength(2);

    const all = await markRead({ all: true }, ana);
    expect(await all.json()).toEqual({ marked: 2, unread: 0 });
    expect((await notifications(ana)).items.every((n: { read: boolean }) => n.read)).toBe(true);
  });

  it("refuses bad input with 400", async () => {
    const ana = await member();
    for (const body of [{}, { ids: [] }, { all: false }, { ids: ["x"], all: true }, { ids: "x" }]) {
      const response = await markRead(body, ana);
      expect(response.status).toBe(400);
      expect(await codeOf(response)).toBe("validation_failed");
    }
    const notJson = await call(Read.POST, "POST", {
      path: "/api/notifications/read",
      body: "all",
      contentType: "text/plain",
      as: ana,
    });
    expect(notJson.status).toBe(415);
    const badCursor = await call(Notifications.GET, "GET", {
      path: "/api/notifications?cursor=abc",
      as: ana,
    });
    expect(badCursor.status).toBe(400);
  });

  it("are a member's own: 401 without a session, 403 for a guest", async () => {
    const visitor = await guest();
    for (const [handler, path] of [
      [Notifications.GET, "/api/notifications"],
      [Unread.GET, "/api/notifications/unread"],
    ] as const) {
      expect((await call(handler, "GET", { path })).status).toBe(401);
      const response = await call(handler, "GET", { path, as: visitor });
      expect(response.status).toBe(403);
      expect(await codeOf(response)).toBe("account_required");
    }
    expect((await markRead({ all: true })).status).toBe(401);
    expect((await markRead({ all: true }, visitor)).status).toBe(403);
  });

  it("answer 405 to other methods", async () => {
    expect((await call(Notifications.POST, "POST", { path: "/api/notifications" })).status).toBe(405);
    expect((await call(Unread.DELETE, "DELETE", { path: "/api/notifications/unread" })).status).toBe(405);
    const read = await call(Read.GET, "GET", { path: "/api/notifications/read" });
    expect(read.status).toBe(405);
    expect(read.headers.get("allow")).toBe("POST");
  });
});
