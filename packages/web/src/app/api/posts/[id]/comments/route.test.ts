import { describe, expect, it } from "vitest";
import * as One from "@/app/api/posts/[id]/route";
import { call, codeOf, guest, member, postBy } from "@/app/api/posts/testing";
import { platformIdle } from "@/server/auth.testing";
import * as Comment from "./[commentId]/route";
import * as Comments from "./route";

type Who = { authorization: string };

const say = (id: string, text: unknown, as?: Who) =>
  call(Comments.POST, "POST", { path: `/api/posts/${id}/comments`, params: { id }, body: { text }, as });
const list = (id: string, query = "") =>
  call(Comments.GET, "GET", { path: `/api/posts/${id}/comments${query}`, params: { id } });
const remove = (id: string, commentId: string, as?: Who) =>
  call(Comment.DELETE, "DELETE", {
    path: `/api/posts/${id}/comments/${commentId}`,
    params: { id, commentId },
    as,
  });

describe("GET and POST /api/posts/{id}/comments", () => {
  it("comments (201) and lists them oldest first, page by page; the post's count follows", async () => {
    const [ana, bob] = await Promise.all([member("Ana"), member("Bob")]);
    const id = await postBy(ana);
    const first = await say(id, "  Lovely light  ", bob);
    expect(first.status).toBe(201);
    const comment = await first.json();
    expect(comment).toMatchObject({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      postID: id,
      author: { id: bob.id, handle: bob.handle, displayName: "Bob" },
      text: "Lovely light",
    });
    expect((await say(id, "Thanks!", ana)).status).toBe(201);
    expect((await say(id, "x".repeat(1000), bob)).status).toBe(201);

    const page1 = await (await list(id, "?limit=2")).json();
    expect(page1.items.map((c: { text: string }) => c.text)).toEqual(["Lovely light", "Thanks!"]);
    const page2 = await (await list(id, `?limit=2&cursor=${encodeURIComponent(page1.cursor)}`)).json();
    expect(page2.items).toHaveLength(1);
    expect(page2.cursor).toBeNull();

    await platformIdle();
    const post = await (await call(One.GET, "GET", { path: `/api/posts/${id}`, params: { id } })).json();
    expect(post.commentsCount).toBe(3);
  });

  it("refuses bad input (400), unknown posts (404), no session (401) and guests (403)", async () => {
    const [ana, bob] = await Promise.all([member(), member()]);
    const id = await postBy(ana);
    for (const text of ["", "   ", "x".repeat(1001), 42]) {
      const response = await say(id, text, bob);
      expect(response.status).toBe(400);
      expect((await response.json()).error.details).toEqual([expect.objectContaining({ path: "text" })]);
    }
    expect((await say("01J00000000000000000000000", "hi", bob)).status).toBe(404);
    expect((await list("01J00000000000000000000000")).status).toBe(404);
    expect((await list(id, "?cursor=zzz")).status).toBe(400);
    expect((await say(id, "hi")).status).toBe(401);
    const asGuest = await say(id, "hi", await guest());
    expect(asGuest.status).toBe(403);
    expect(await codeOf(asGuest)).toBe("account_required");
  });

  it("answers 405 to PUT", async () => {
    const response = await call(Comments.PUT, "PUT", { path: "/api/posts/x/comments", params: { id: "x" } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
  });
});

describe("DELETE /api/posts/{id}/comments/{commentId}", () => {
  it("lets the comment's author and the post's author delete it, and nobody else (403)", async () => {
    const [ana, bob, eve] = await Promise.all([member("Ana"), member("Bob"), member("Eve")]);
    const id = await postBy(ana);
    const byBob = (await (await say(id, "first", bob)).json()).id;
    const byBobToo = (await (await say(id, "second", bob)).json()).id;

    const byEve = await remove(id, byBob, eve);
    expect(byEve.status).toBe(403);
    expect(await codeOf(byEve)).toBe("forbidden");
    expect((await remove(id, byBob)).status).toBe(401);
    expect((await remove(id, byBob, await guest())).status).toBe(403);

    expect((await remove(id, byBob, bob)).status).toBe(204);
    expect((await remove(id, byBobToo, ana)).status).toBe(204);
    expect((await (await list(id)).json()).items).toEqual([]);
    expect((await remove(id, byBob, bob)).status).toBe(404);
    expect((await remove(id, "junk", bob)).status).toBe(404);
  });

  it("answers 405 to GET", async () => {
    const response = await call(Comment.GET, "GET", {
      path: "/api/posts/x/comments/y",
      params: { id: "x", commentId: "y" },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("DELETE");
  });
});
