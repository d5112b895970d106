import * as Actor from "@bourse/core/actor";
import * as Upload from "@bourse/core/upload";
import { describe, expect, it } from "vitest";
import * as Author from "@/app/api/users/[handle]/posts/route";
import { platformIdle } from "@/server/auth.testing";
import * as One from "./[id]/route";
import * as Posts from "./route";
import { call, codeOf, guest, image, member } from "./testing";

const create = (body: unknown, as?: { authorization: string }) =>
  call(Posts.POST, "POST", { path: "/api/posts", body, as });
const get = (id: string, as?: { authorization: string }) =>
  call(One.GET, "GET", { path: `/api/posts/${id}`, params: { id }, as });
const remove = (id: string, as?: { authorization: string }) =>
  call(One.DELETE, "DELETE", { path: `/api/posts/${id}`, params: { id }, as });

describe("POST /api/posts", () => {
  it("posts the caller's uploaded image with its caption (201), parsing #tags and @mentions", async () => {
    const [ana, bob] = await Promise.all([member("Ana"), member("Bob")]);
    const imageKey = await image(ana);
    const response = await create({ imageKey, caption: `Gold at dusk #Sunset with @${bob.handle}` }, ana);
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const post = await response.json();
    expect(post).toMatchObject({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      author: { id: ana.id, handle: ana.handle, displayName: "Ana" },
      // The claim's own copy, which the upload's form cannot rewrite.
      imageKey: expect.stringMatching(new RegExp(`^media/${ana.id}/[0-9A-Z]{26}\\.png$`)),
      contentType: "image/png",
      caption: `Gold at dusk #Sunset with @${bob.handle}`,
      tags: ["sunset"],
      mentions: [bob.handle],
      likesCount: 0,
      commentsCount: 0,
    });

    // Anyone may read it; the author's post count follows from the stream.
    const read = await get(post.id);
    expect(read.status).toBe(200);
    expect((await read.json()).id).toBe(post.id);
    await platformIdle();
    const list = await call(Author.GET, "GET", {
      path: `/api/users/${ana.handle}/posts`,
      params: { handle: ana.handle },
    });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ items: [expect.objectContaining({ id: post.id })], cursor: null });
  });

  it("refuses bad input with 400: no image key, a caption over 500 characters, an upload never sent", async () => {
    const ana = await member();
    const noKey = await create({ caption: "hello" }, ana);
    expect(noKey.status).toBe(400);
    expect((await noKey.json()).error.details).toEqual([expect.objectContaining({ path: "imageKey" })]);

    const long = await create({ imageKey: await image(ana), caption: "é".repeat(501) }, ana);
    expect(long.status).toBe(400);
    expect((await long.json()).error.details).toEqual([expect.objectContaining({ path: "caption" })]);
    // 500 characters (code points, an emoji counts one) is fine.
    expect((await create({ imageKey: await image(ana), caption: "📈".repeat(500) }, ana)).status).toBe(201);

    const presigned = await Actor.provide(
      { type: "user", properties: { userID: ana.id, sessionID: "s" } },
      () => Upload.create({ purpose: "post", contentType: "image/png", size: 100 }),
    );
    const unsent = await create({ imageKey: presigned.key }, ana);
    expect(unsent.status).toBe(400);
    expect((await unsent.json()).error.details).toEqual([
      expect.objectContaining({ path: "key", reason: "upload_missing" }),
    ]);

    const malformed = await call(Posts.POST, "POST", {
      path: "/api/posts",
      body: "{not json",
      as: ana,
    });
    expect(malformed.status).toBe(400);
    expect(await codeOf(malformed)).toBe("invalid_json");
    const text = await call(Posts.POST, "POST", {
      path: "/api/posts",
      body: "imageKey=x",
      contentType: "text/plain",
      as: ana,
    });
    expect(text.status).toBe(415);
  });

  it("claims an upload once, and only the uploader's (403 for someone else's, 409 for a reused one)", async () => {
    const [ana, bob] = await Promise.all([member(), member()]);
    const imageKey = await image(ana);
    const stolen = await create({ imageKey, caption: "mine now" }, bob);
    expect(stolen.status).toBe(403);
    expect((await create({ imageKey }, ana)).status).toBe(201);
    const again = await create({ imageKey }, ana);
    expect(again.status).toBe(409);
    expect(await codeOf(again)).toBe("upload_claimed");
  });

  it("needs a member: 401 without a session, 403 for a guest", async () => {
    const ana = await member();
    const imageKey = await image(ana);
    expect((await create({ imageKey })).status).toBe(401);
    const asGuest = await create({ imageKey }, await guest());
    expect(asGuest.status).toBe(403);
    expect(await codeOf(asGuest)).toBe("account_required");
  });

  it("answers 405 to GET", async () => {
    const response = await call(Posts.GET, "GET", { path: "/api/posts" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});

describe("GET and DELETE /api/posts/{id}", () => {
  it("answers 404 for an unknown or malformed id", async () => {
    expect((await get("01J00000000000000000000000")).status).toBe(404);
    const junk = await get("not-an-id");
    expect(junk.status).toBe(404);
    expect(await codeOf(junk)).toBe("not_found");
  });

  it("lets only the author delete (403 for another member: no IDOR), then the post is gone", async () => {
    const [ana, bob] = await Promise.all([member(), member()]);
    const post = await (await create({ imageKey: await image(ana), caption: "bye soon" }, ana)).json();

    const byBob = await remove(post.id, bob);
    expect(byBob.status).toBe(403);
    expect((await get(post.id)).status).toBe(200);
    expect((await remove(post.id)).status).toBe(401);
    expect((await remove(post.id, await guest())).status).toBe(403);

    const byAna = await remove(post.id, ana);
    expect(byAna.status).toBe(204);
    expect((await get(post.id, ana)).status).toBe(404);
    expect((await remove(post.id, ana)).status).toBe(404);
  });

  it("answers 405 to PUT and PATCH (posts are immutable)", async () => {
    for (const handler of [One.PUT, One.PATCH]) {
      const response = await call(handler, "PUT", { path: "/api/posts/x", params: { id: "x" } });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, DELETE");
    }
  });
});

describe("GET /api/users/{handle}/posts", () => {
  it("pages newest first with an opaque cursor, says likedByMe to a member, 400 for a foreign cursor", async () => {
    const [ana, bob] = await Promise.all([member(), member()]);
    const ids: string[] = [];
    for (const caption of ["one", "two", "three"])
      ids.push((await (await create({ imageKey: await image(ana), caption }, ana)).json()).id);
    const list = (query: string, as?: { authorization: string }) =>
      call(Author.GET, "GET", {
        path: `/api/users/${ana.handle}/posts${query}`,
        params: { handle: ana.handle },
        as,
      });

    const first = await (await list("?limit=2", bob)).json();
    expect(first.items.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
    expect(first.items[0].likedByMe).toBe(false);
    expect(typeof first.cursor).toBe("string");
    const second = await (await list(`?limit=2&cursor=${encodeURIComponent(first.cursor)}`)).json();
    expect(second.items.map((p: { id: string }) => p.id)).toEqual([ids[0]]);
    expect(second.items[0]).not.toHaveProperty("likedByMe");

    expect((await list("?cursor=not-a-cursor")).status).toBe(400);
    expect((await list("?limit=0")).status).toBe(400);
    expect((await list("?limit=many")).status).toBe(400);
    const unknown = await call(Author.GET, "GET", {
      path: "/api/users/nobody_at_all_here/posts",
      params: { handle: "nobody_at_all_here" },
    });
    expect(unknown.status).toBe(404);
  });
});
