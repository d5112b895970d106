import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Platform, startPlatform } from "./platform";

let platform: Platform;

beforeAll(async () => {
  process.env.BOURSE_BCRYPT_COST = "4";
  platform = await startPlatform({ crons: false, stage: "seed", log: () => {} });
});

afterAll(() => platform?.stop());

describe("the demo seed", () => {
  it("seeds once, through the product's own paths, so the subscribers count what it did", async () => {
    // Core reads its resources as it loads: import it once the platform has set the environment.
    const { seedDemoData } = await import("./seed");
    expect(await seedDemoData()).toBe("seeded");
    expect(await seedDemoData()).toBe("already seeded");
    await platform.idle();

    const { User } = await import("@bourse/core/user");
    const { Post } = await import("@bourse/core/social");
    expect(await User.fromHandle("ana")).toMatchObject({
      postsCount: 2,
      followersCount: 3,
      followingCount: 2,
    });
    const { items } = await Post.listByAuthor("ana");
    const first = items.at(-1);
    expect(first).toMatchObject({ likesCount: 3, commentsCount: 2, contentType: "image/png" });

    // The demo administrator (local demo data only) passes the one admin check.
    const { Actor } = await import("@bourse/core/actor");
    const admin = await User.fromHandle("demo_admin");
    expect(await User.get(admin.id)).toMatchObject({ role: "admin", email: "admin@demo.bourse.test" });
    const actor = { type: "user", properties: { userID: admin.id, sessionID: "seed-test" } } as const;
    expect(await Actor.provide(actor, () => User.assertAdmin())).toBe(admin.id);
    // One finished price-data run of the 12 shared stocks, uploaded, ingested and analysed for @ana.
    const { PriceRun } = await import("@bourse/core/price-data");
    const ana = {
      type: "user",
      properties: { userID: (await User.fromHandle("ana")).id, sessionID: "seed-test" },
    } as const;
    const runs = await Actor.provide(ana, () => PriceRun.list({}));
    expect(runs.items).toHaveLength(1);
    expect(runs.items[0]).toMatchObject({ status: "done", counts: { rows: 15_096, valid: 15_096 } });
    expect(runs.items[0]?.symbols).toHaveLength(12);

    // Markets: ben's two watchlists, with news ingested by the real cron and scored by the subscriber.
    const { Watchlist } = await import("@bourse/core/watchlist");
    const { Sentiment } = await import("@bourse/core/sentiment");
    const ben = await User.fromHandle("ben");
    const as = <R>(run: () => Promise<R>) =>
      Actor.provide({ type: "user", properties: { userID: ben.id, sessionID: "seed-test" } }, run);
    const lists = await as(() => Watchlist.list());
    expect(lists.map((l) => l.name)).toEqual(["Big tech", "EVs and autos"]);
    for (const list of lists) {
      const sentiment = await as(() => Sentiment.forWatchlist(list.id));
      expect(sentiment.lastIngestedAt).not.toBeNull();
      expect(sentiment.tickers.every((t) => t.week.articles > 0 && t.articles.length > 0)).toBe(true);
    }

    // Order feeds: two partners, an hour of flow with refusals.
    const { Order } = await import("@bourse/core/order");
    const { Partner } = await import("@bourse/core/partner");
    const partners = (await Actor.system("seed-test", () => Partner.list())).items;
    expect(partners.map((p) => p.name).sort()).toEqual(["Northwind Brokerage", "Southbank Securities"]);
    for (const p of partners) {
      const board = await Actor.system("seed-test", () => Order.dashboard(p.id, { minutes: 65 }));
      expect(board.minutes.filter((m) => m.accepted > 0).length).toBeGreaterThanOrEqual(55);
      expect(board.minutes.some((m) => m.rejected > 0)).toBe(true);
    }
  }, 240_000);
});
