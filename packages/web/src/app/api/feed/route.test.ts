import { follow, promote, quickPost } from "@bourse/core/feed/testing";
import { describe, expect, it } from "vitest";
import { call, codeOf, guest, member } from "@/app/api/posts/testing";
import { platformIdle } from "@/server/auth.testing";
import { GET, POST } from "./route";

async function settle() {
  await platformIdle();
  await platformIdle();
}

describe("GET /api/feed", () => {
  it("pages the caller's home feed, newest first, with an opaque cursor", async () => {
    const [me, author, star] = await Promise.all([member("Me"), member("A"), member("Star")]);
    await promote(star.id);
    await follow(me.id, author.id);
    await follow(me.id, star.id);
    await settle();
    const written = [];
    for (const who of [author, star, me, author, star]) written.push((await quickPost(who.id)).postID);
    await settle();

    const first = await call(GET, "GET", { path: "/api/feed?limit=3", as: me });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const page = await first.json();
    expect(page.items.map((p: { id: string }) => p.id)).toEqual(written.slice(2).reverse());
    expect(page.items[0]).toMatchObject({ author: { id: star.id, handle: star.handle }, likedByMe: false });
    expect(typeof page.cursor).toBe("string");

    const next = await (
      await call(GET, "GET", { path: `/api/feed?limit=3&cursor=${page.cursor}`, as: me })
    ).json();
    expect(next.items.map((p: { id: string }) => p.id)).toEqual(written.slice(0, 2).reverse());
    expect(next.cursor).toBeNull();
  });

  it("answers 400 to a bad cursor or limit, 401 to nobody, 403 to a guest, 405 to a POST", async () => {
    const me = await member();
    for (const path of [
      "/api/feed?cursor=nope",
      "/api/feed?limit=31",
      "/api/feed?limit=0",
      "/api/feed?limit=x",
    ]) {
      const response = await call(GET, "GET", { path, as: me });
      expect(response.status).toBe(400);
      expect(await codeOf(response)).toBe("validation_failed");
    }
    expect((await call(GET, "GET", { path: "/api/feed" })).status).toBe(401);
    const asGuest = await call(GET, "GET", { path: "/api/feed", as: await guest() });
    expect(asGuest.status).toBe(403);
    expect(await codeOf(asGuest)).toBe("account_required");
    expect((await call(POST, "POST", { path: "/api/feed", as: me })).status).toBe(405);
  });
});
