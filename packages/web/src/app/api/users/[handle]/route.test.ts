import { describe, expect, it } from "vitest";
import { call, codeOf, guest, member } from "@/app/api/posts/testing";
import { platformIdle } from "@/server/auth.testing";
import * as Follow from "./follow/route";
import * as Followers from "./followers/route";
import * as Following from "./following/route";
import * as Profile from "./route";

type Who = { authorization: string };

const profile = (handle: string, as?: Who) =>
  call(Profile.GET, "GET", { path: `/api/users/${handle}`, params: { handle }, as });
const follow = (handle: string, as?: Who) =>
  call(Follow.PUT, "PUT", { path: `/api/users/${handle}/follow`, params: { handle }, as });
const unfollow = (handle: string, as?: Who) =>
  call(Follow.DELETE, "DELETE", { path: `/api/users/${handle}/follow`, params: { handle }, as });
const list = (handler: typeof Followers.GET, which: string, handle: string, query = "") =>
  call(handler, "GET", { path: `/api/users/${handle}/${which}${query}`, params: { handle } });

describe("GET /api/users/{handle}", () => {
  it("shows a member's public profile (never their email), whatever the handle's case", async () => {
    const ana = await member("Ana");
    const response = await profile(ana.handle.toUpperCase());
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toEqual({
      user: {
        id: ana.id,
        kind: "member",
        handle: ana.handle,
        displayName: "Ana",
        bio: "",
        avatarKey: null,
        followersCount: 0,
        followingCount: 0,
        postsCount: 0,
        createdAt: expect.any(Number),
      },
    });
    expect(JSON.stringify(body)).not.toContain("@example.com");
  });

  it("answers 404 for a handle nobody holds, and for one that cannot be a handle", async () => {
    for (const handle of ["nobody_holds_this", "no", "../../api/me", "a%20b"]) {
      const response = await profile(handle);
      expect(response.status).toBe(404);
      expect(await codeOf(response)).toBe("not_found");
    }
  });

  it("answers 405 to writes", async () => {
    const response = await call(Profile.PATCH, "PATCH", { path: "/api/users/x", params: { handle: "x" } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
  });
});

describe("PUT and DELETE /api/users/{handle}/follow", () => {
  it("follows and unfollows idempotently; the profile says followedByMe and the counts follow", async () => {
    const [ana, bob] = await Promise.all([member("Ana"), member("Bob")]);
    expect((await (await profile(ana.handle, bob)).json()).followedByMe).toBe(false);

    for (let i = 0; i < 2; i++) {
      const response = await follow(ana.handle, bob);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ handle: ana.handle, following: true });
    }
    await platformIdle();
    const seenByBob = await (await profile(ana.handle, bob)).json();
    expect(seenByBob.followedByMe).toBe(true);
    expect(seenByBob.user.followersCount).toBe(1);
    expect((await (await profile(bob.handle)).json()).user.followingCount).toBe(1);
    // Not said to oneself, nor to a visitor without an account.
    expect(await (await profile(ana.handle, ana)).json()).not.toHaveProperty("followedByMe");
    expect(await (await profile(ana.handle)).json()).not.toHaveProperty("followedByMe");

    for (let i = 0; i < 2; i++) {
      const response = await unfollow(ana.handle, bob);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ handle: ana.handle, following: false });
    }
    await platformIdle();
    const after = await (await profile(ana.handle, bob)).json();
    expect(after.followedByMe).toBe(false);
    expect(after.user.followersCount).toBe(0);
  });

  it("refuses: 400 to follow oneself, 404 for an unknown handle, 401 without a session, 403 for a guest", async () => {
    const ana = await member();
    const self = await follow(ana.handle, ana);
    expect(self.status).toBe(400);
    expect(await codeOf(self)).toBe("self_follow");
    expect((await follow("nobody_holds_this", ana)).status).toBe(404);
    expect((await follow(ana.handle)).status).toBe(401);
    const asGuest = await follow(ana.handle, await guest());
    expect(asGuest.status).toBe(403);
    expect(await codeOf(asGuest)).toBe("account_required");
    expect((await unfollow(ana.handle, await guest())).status).toBe(403);
  });

  it("answers 405 to GET and POST", async () => {
    for (const [handler, method] of [
      [Follow.GET, "GET"],
      [Follow.POST, "POST"],
    ] as const) {
      const response = await call(handler, method, { path: "/api/users/x/follow", params: { handle: "x" } });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("PUT, DELETE");
    }
  });
});

describe("GET /api/users/{handle}/followers and /following", () => {
  it("list profiles most recent first, page by page", async () => {
    const [ana, bob, cid, dee] = await Promise.all([
      member("Ana"),
      member("Bob"),
      member("Cid"),
      member("Dee"),
    ]);
    for (const fan of [bob, cid, dee]) expect((await follow(ana.handle, fan)).status).toBe(200);
    expect((await follow(cid.handle, ana)).status).toBe(200);

    const first = await list(Followers.GET, "followers", ana.handle, "?limit=2");
    expect(first.status).toBe(200);
    const page1 = await first.json();
    expect(page1.items.map((p: { handle: string }) => p.handle)).toEqual([dee.handle, cid.handle]);
    expect(page1.items[0]).toMatchObject({ displayName: "Dee", kind: "member" });
    expect(page1.items[0]).not.toHaveProperty("email");
    const page2 = await (
      await list(
        Followers.GET,
        "followers",
        ana.handle,
        `?limit=2&cursor=${encodeURIComponent(page1.cursor)}`,
      )
    ).json();
    expect(page2.items.map((p: { handle: string }) => p.handle)).toEqual([bob.handle]);
    expect(page2.cursor).toBeNull();

    const following = await (await list(Following.GET, "following", ana.handle)).json();
    expect(following).toEqual({ items: [expect.objectContaining({ handle: cid.handle })], cursor: null });
    const deeFollows = await (await list(Following.GET, "following", dee.handle)).json();
    expect(deeFollows.items.map((p: { id: string }) => p.id)).toEqual([ana.id]);
    expect((await (await list(Followers.GET, "followers", dee.handle)).json()).items).toEqual([]);
  });

  it("answer 404 for an unknown handle and 400 for a bad cursor or limit", async () => {
    const ana = await member();
    expect((await list(Followers.GET, "followers", "nobody_holds_this")).status).toBe(404);
    expect((await list(Following.GET, "following", "nobody_holds_this")).status).toBe(404);
    expect((await list(Followers.GET, "followers", ana.handle, "?cursor=%%%")).status).toBe(400);
    expect((await list(Following.GET, "following", ana.handle, "?cursor=bm90LW91cnM")).status).toBe(400);
    expect((await list(Following.GET, "following", ana.handle, "?limit=101")).status).toBe(400);
  });

  it("answer 405 to writes", async () => {
    const response = await call(Followers.POST, "POST", {
      path: "/api/users/x/followers",
      params: { handle: "x" },
    });
    expect(response.status).toBe(405);
    expect(
      (await call(Following.DELETE, "DELETE", { path: "/api/users/x/following", params: { handle: "x" } }))
        .status,
    ).toBe(405);
  });
});
