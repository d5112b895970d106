import { describe, expect, it } from "vitest";
import * as One from "@/app/api/posts/[id]/route";
import { call, codeOf, guest, member, postBy } from "@/app/api/posts/testing";
import { platformIdle } from "@/server/auth.testing";
import * as Like from "./route";

type Who = { authorization: string };

const like = (id: string, as?: Who) =>
  call(Like.PUT, "PUT", { path: `/api/posts/${id}/like`, params: { id }, as });
const unlike = (id: string, as?: Who) =>
  call(Like.DELETE, "DELETE", { path: `/api/posts/${id}/like`, params: { id }, as });
const read = async (id: string, as?: Who) =>
  (await call(One.GET, "GET", { path: `/api/posts/${id}`, params: { id }, as })).json();

describe("PUT and DELETE /api/posts/{id}/like", () => {
  it("likes and unlikes idempotently; likedByMe is immediate and the count follows from the stream", async () => {
    const [ana, bob, cid] = await Promise.all([member(), member(), member()]);
    const id = await postBy(ana);
    for (let i = 0; i < 3; i++) {
      const response = await like(id, bob);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ postID: id, liked: true });
    }
    expect((await like(id, cid)).status).toBe(200);
    expect((await read(id, bob)).likedByMe).toBe(true);
    await platformIdle();
    expect(await read(id, ana)).toMatchObject({ likesCount: 2, likedByMe: false });

    for (let i = 0; i < 2; i++) {
      const response = await unlike(id, bob);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ postID: id, liked: false });
    }
    await platformIdle();
    expect(await read(id, bob)).toMatchObject({ likesCount: 1, likedByMe: false });
  });

  it("refuses: 404 for an unknown post, 401 without a session, 403 for a guest", async () => {
    const [ana, bob] = await Promise.all([member(), member()]);
    const id = await postBy(ana);
    expect((await like("01J00000000000000000000000", bob)).status).toBe(404);
    expect((await like("junk", bob)).status).toBe(404);
    expect((await like(id)).status).toBe(401);
    const asGuest = await like(id, await guest());
    expect(asGuest.status).toBe(403);
    expect(await codeOf(asGuest)).toBe("account_required");
    expect((await unlike(id, await guest())).status).toBe(403);
  });

  it("answers 405 to GET and POST", async () => {
    for (const handler of [Like.GET, Like.POST]) {
      const response = await call(handler, "GET", { path: "/api/posts/x/like", params: { id: "x" } });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("PUT, DELETE");
    }
  });
});
