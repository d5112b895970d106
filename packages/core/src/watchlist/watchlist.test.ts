import { describe, expect, it } from "vitest";
import * as Actor from "../actor";
import * as Auth from "../auth";
import * as Session from "../auth/session";
import * as User from "../user";
import { caches } from "../util/cache";
import type { Clock } from "../util/clock";
import * as Watchlist from ".";
import { watchCounts, watchlists } from "./entities";

/** A new member or guest (the table is shared by every test file of a run) and a way to act as them. */
async function someone(kind: "member" | "guest" = "member") {
  const tail = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
  const user =
    kind === "guest"
      ? await User.createAnonymous()
      : await User.createMember({
          email: `wl.${tail}@example.com`,
          handle: `wl_${tail}`,
          displayName: "Watcher",
          passwordHash: "not-a-real-hash",
        });
  const type = kind === "guest" ? "anonymous" : "user";
  const as = <R>(run: () => R): R =>
    Actor.provide({ type, properties: { userID: user.id, sessionID: "test" } }, run);
  return { id: user.id, as };
}

/** The refusal of `run` (verbs refuse invalid input synchronously, so it is a thunk). */
async function failure(run: () => unknown): Promise<{ code?: string; details?: unknown }> {
  try {
    await run();
  } catch (error) {
    return error as { code?: string };
  }
  throw new Error("expected a refusal");
}

/** A symbol nobody else's test uses, so watch counts are this test's alone. */
const RARE = ["DEEP", "GNS", "LOCO"];

const cacheStats = () => caches().find((c) => c.name === "watchlists")!;

describe("Watchlist", () => {
  it("creates lists of listed, upper-cased tickers and answers their new state", async () => {
    const me = await someone();
    const created = await me.as(() => Watchlist.create({ name: "  Tech  ", tickers: ["aapl", "Msft"] }));
    expect(created).toMatchObject({ id: expect.any(String), name: "Tech", tickers: ["AAPL", "MSFT"] });
    expect(created.createdAt).toBe(created.updatedAt);
    expect(await me.as(() => Watchlist.get(created.id))).toEqual(created);
    expect(await me.as(() => Watchlist.list())).toEqual([created]);
  });

  it("validates name (1–60), 1–5 distinct tickers, and that every symbol is listed", async () => {
    const me = await someone();
    const refused = async (input: { name: unknown; tickers: unknown }) =>
      failure(() => me.as(() => Watchlist.create(input as never)));
    expect((await refused({ name: "", tickers: ["AAPL"] })).code).toBe("validation_failed");
    expect((await refused({ name: "x".repeat(61), tickers: ["AAPL"] })).code).toBe("validation_failed");
    expect((await refused({ name: "ok", tickers: [] })).code).toBe("validation_failed");
    const six = ["AAPL", "MSFT", "GOOG", "AMZN", "META", "NVDA"];
    expect((await refused({ name: "ok", tickers: six })).code).toBe("validation_failed");
    expect((await refused({ name: "ok", tickers: ["AAPL", "aapl"] })).code).toBe("validation_failed");
    const unknown = await refused({ name: "ok", tickers: ["AAPL", "zzzq1", "QQQQQ"] });
    expect(unknown).toMatchObject({ code: "unknown_ticker", details: { unknown: ["ZZZQ1", "QQQQQ"] } });
    // Nothing was written: no list, and no place under the limit used.
    expect(await me.as(() => Watchlist.list())).toEqual([]);
    await me.as(() => Watchlist.create({ name: "x".repeat(60), tickers: six.slice(0, 5) }));
    await me.as(() => Watchlist.create({ name: "two", tickers: ["SPY"] }));
  });

  it("allows at most 2 active lists per owner, however many requests race; deleting frees a place", async () => {
    const me = await someone();
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        me.as(() => Watchlist.create({ name: `L${i}`, tickers: ["AAPL"] })),
      ),
    );
    const made = attempts.filter((a) => a.status === "fulfilled");
    const refused = attempts.flatMap((a) => (a.status === "rejected" ? [a.reason.code] : []));
    expect(made).toHaveLength(2);
    expect(refused).toEqual(Array(4).fill("watchlist_limit"));
    const lists = await me.as(() => Watchlist.list());
    expect(lists).toHaveLength(2);

    await me.as(() => Watchlist.remove(lists[0]!.id));
    const third = await me.as(() => Watchlist.create({ name: "after delete", tickers: ["MSFT"] }));
    expect((await me.as(() => Watchlist.list())).map((w) => w.id)).toEqual([lists[1]!.id, third.id]);
    expect((await failure(() => me.as(() => Watchlist.create({ name: "no", tickers: ["MSFT"] })))).code).toBe(
      "watchlist_limit",
    );
    // Another owner has places of their own.
    const other = await someone();
    await other.as(() => Watchlist.create({ name: "mine", tickers: ["AAPL"] }));
  });

  it("renames and changes tickers, recording who, when, what before and after", async () => {
    const me = await someone();
    let t = Date.UTC(2031, 0, 1);
    const clock: Clock = () => new Date(t);
    const w = await me.as(() => Watchlist.create({ name: "A", tickers: ["AAPL"] }, clock));
    t += 1000;
    const renamed = await me.as(() => Watchlist.update({ id: w.id, patch: { name: "B" } }, clock));
    expect(renamed).toMatchObject({ name: "B", tickers: ["AAPL"], updatedAt: t, createdAt: w.createdAt });
    t += 1000;
    const retickered = await me.as(() =>
      Watchlist.update({ id: w.id, patch: { tickers: ["msft", "AAPL"] } }, clock),
    );
    expect(retickered.tickers).toEqual(["MSFT", "AAPL"]);
    t += 1000;
    await me.as(() => Watchlist.update({ id: w.id, patch: { name: "C", tickers: ["SPY"] } }, clock));
    // A patch that changes nothing records nothing.
    await me.as(() => Watchlist.update({ id: w.id, patch: { name: "C" } }, clock));
    expect((await failure(() => me.as(() => Watchlist.update({ id: w.id, patch: {} })))).code).toBe(
      "validation_failed",
    );
    expect(
      (await failure(() => me.as(() => Watchlist.update({ id: w.id, patch: { tickers: ["NOPE1"] } })))).code,
    ).toBe("unknown_ticker");
    t += 1000;
    await me.as(() => Watchlist.remove(w.id, clock));

    const trail = await me.as(() => Watchlist.history(w.id));
    const start = Date.UTC(2031, 0, 1);
    expect(trail).toEqual([
      { at: start, actor: me.id, action: "create", before: null, after: { name: "A", tickers: ["AAPL"] } },
      {
        at: start + 1000,
        actor: me.id,
        action: "rename",
        before: { name: "A", tickers: ["AAPL"] },
        after: { name: "B", tickers: ["AAPL"] },
      },
      {
        at: start + 2000,
        actor: me.id,
        action: "change_tickers",
        before: { name: "B", tickers: ["AAPL"] },
        after: { name: "B", tickers: ["MSFT", "AAPL"] },
      },
      {
        at: start + 3000,
        actor: me.id,
        action: "update",
        before: { name: "B", tickers: ["MSFT", "AAPL"] },
        after: { name: "C", tickers: ["SPY"] },
      },
      {
        at: start + 4000,
        actor: me.id,
        action: "delete",
        before: { name: "C", tickers: ["SPY"] },
        after: null,
      },
    ]);
  });

  it("soft-deletes: gone from every read and change, its item and audit trail kept", async () => {
    const me = await someone();
    const w = await me.as(() => Watchlist.create({ name: "gone", tickers: ["AAPL"] }));
    await me.as(() => Watchlist.remove(w.id));
    expect(await me.as(() => Watchlist.list())).toEqual([]);
    for (const attempt of [
      (): Promise<unknown> => Watchlist.get(w.id),
      () => Watchlist.update({ id: w.id, patch: { name: "back" } }),
      () => Watchlist.remove(w.id),
    ])
      expect((await failure(() => me.as(attempt))).code).toBe("not_found");
    const stored = (await watchlists.get({ ownerID: me.id, watchlistID: w.id }).go({ consistent: true }))
      .data;
    expect(stored).toMatchObject({ name: "gone", deletedAt: expect.any(Number) });
    expect((await me.as(() => Watchlist.history(w.id))).map((e) => e.action)).toEqual(["create", "delete"]);
  });

  it("is owner-scoped: another owner's id is not found, for reads, changes and history", async () => {
    const alice = await someone();
    const bob = await someone("guest");
    const w = await alice.as(() => Watchlist.create({ name: "alice's", tickers: ["AAPL"] }));
    for (const attempt of [
      (): Promise<unknown> => Watchlist.get(w.id),
      () => Watchlist.update({ id: w.id, patch: { name: "mine now" } }),
      () => Watchlist.remove(w.id),
      () => Watchlist.history(w.id),
      () => Watchlist.get("not-an-id"),
    ])
      expect((await failure(() => bob.as(attempt))).code).toBe("not_found");
    expect(await bob.as(() => Watchlist.list())).toEqual([]);
    expect(await alice.as(() => Watchlist.get(w.id))).toMatchObject({ name: "alice's" });
    // Nobody at all: 401; a partner is not an owner: 403.
    expect(await failure(() => Watchlist.list())).toMatchObject({ code: "unauthorized" });
    const partner = { type: "partner", properties: { partnerID: "p", keyID: "k" } } as const;
    expect(await failure(() => Actor.provide(partner, () => Watchlist.list()))).toMatchObject({
      code: "forbidden",
    });
  });

  it("serves an owner's lists from a 60 s cache, invalidated by every change made here, with counters", async () => {
    const me = await someone();
    let t = Date.now();
    const clock: Clock = () => new Date(t);
    const read = () => me.as(() => Watchlist.list(clock));
    const before = { ...cacheStats() };
    expect(await read()).toEqual([]);
    expect(await read()).toEqual([]);
    expect(cacheStats().misses - before.misses).toBe(1);
    expect(cacheStats().hits - before.hits).toBe(1);

    // Changes through this instance are seen at once...
    const w = await me.as(() => Watchlist.create({ name: "one", tickers: ["AAPL"] }, clock));
    expect(await read()).toEqual([w]);
    const renamed = await me.as(() => Watchlist.update({ id: w.id, patch: { name: "uno" } }, clock));
    expect(await read()).toEqual([renamed]);
    expect(await me.as(() => Watchlist.get(w.id, clock))).toEqual(renamed);

    // ...a change made elsewhere (another instance) only once the entry is 60 s old.
    await watchlists.patch({ ownerID: me.id, watchlistID: w.id }).set({ name: "elsewhere" }).go();
    t += 59_000;
    expect((await read())[0]?.name).toBe("uno");
    t += 2_000;
    expect((await read())[0]?.name).toBe("elsewhere");

    await me.as(() => Watchlist.remove(w.id, clock));
    expect(await read()).toEqual([]);
  });

  it("plans a change from the cached list; a list changed elsewhere meanwhile is read again, nothing lost", async () => {
    const me = await someone();
    const w = await me.as(() => Watchlist.create({ name: "mine", tickers: ["AAPL"] }));
    expect(await me.as(() => Watchlist.list())).toEqual([w]); // cached here
    // Another instance's change (each bumps the version), unseen by this instance's cache.
    const elsewhere = async (tickers: string[], version: number) =>
      watchlists.patch({ ownerID: me.id, watchlistID: w.id }).set({ name: "theirs", tickers, version }).go();
    await elsewhere(["MSFT"], 2);
    const renamed = await me.as(() => Watchlist.update({ id: w.id, patch: { name: "ours" } }));
    expect(renamed).toMatchObject({ name: "ours", tickers: ["MSFT"] });
    const trail = await me.as(() => Watchlist.history(w.id));
    expect(trail.at(-1)).toMatchObject({
      before: { name: "theirs", tickers: ["MSFT"] },
      after: { name: "ours", tickers: ["MSFT"] },
    });
    // A change the cached list says is none is checked against the table before it is answered.
    expect(await me.as(() => Watchlist.list())).toEqual([renamed]);
    await elsewhere(["NVDA"], 4);
    const back = await me.as(() => Watchlist.update({ id: w.id, patch: { tickers: ["MSFT"] } }));
    expect(back).toMatchObject({ name: "theirs", tickers: ["MSFT"] });
    expect((await me.as(() => Watchlist.history(w.id))).at(-1)?.before).toEqual({
      name: "theirs",
      tickers: ["NVDA"],
    });
  });

  it("keeps a guest who makes a list, and the list survives sign-up", async () => {
    const ip = "2001:db8:77::1";
    const anon = await Auth.anonymous({ ip });
    expect((await User.getItem(anon.user.id))?.expiresAt).toEqual(expect.any(Number));
    const actor = await Session.authenticate(anon.accessToken);
    const w = await Actor.provide(actor, () => Watchlist.create({ name: "guest list", tickers: ["TSLA"] }));
    expect((await User.getItem(anon.user.id))?.expiresAt).toBeUndefined();

    const tail = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
    const member = await Actor.provide(actor, () =>
      Auth.signup(
        {
          email: `wlg.${tail}@example.com`,
          handle: `wlg_${tail}`,
          displayName: "G",
          password: "a long passphrase 1",
        },
        { upgradeFrom: anon.user.id, ip },
      ),
    );
    const signedIn = await Session.authenticate(member.accessToken);
    expect(signedIn.type).toBe("user");
    expect(await Actor.provide(signedIn, () => Watchlist.list())).toEqual([w]);
    expect((await Actor.provide(signedIn, () => Watchlist.history(w.id)))[0]?.actor).toBe(anon.user.id);
  });

  it("knows every watched symbol without a Scan: counted on create, change and delete", async () => {
    const [a, b, c] = RARE as [string, string, string];
    const watchers = async (symbol: string) =>
      (await watchCounts.get({ symbol }).go({ consistent: true })).data?.watchers ?? 0;
    const alice = await someone();
    const bob = await someone();
    const wa = await alice.as(() => Watchlist.create({ name: "a", tickers: [a, b] }));
    await bob.as(() => Watchlist.create({ name: "b", tickers: [b] }));
    expect(await Watchlist.watchedSymbols()).toEqual(expect.arrayContaining([a, b]));
    expect([await watchers(a), await watchers(b)]).toEqual([1, 2]);

    await alice.as(() => Watchlist.update({ id: wa.id, patch: { tickers: [b, c] } }));
    expect([await watchers(a), await watchers(b), await watchers(c)]).toEqual([0, 2, 1]);
    const watched = await Watchlist.watchedSymbols();
    expect(watched).not.toContain(a);
    expect(watched).toEqual(expect.arrayContaining([b, c]));
    expect(watched).toEqual([...watched].sort());

    await alice.as(() => Watchlist.remove(wa.id));
    expect([await watchers(b), await watchers(c)]).toEqual([1, 0]);
    expect(await Watchlist.watchedSymbols()).not.toContain(c);
  });

  it("keeps watch counts exact when changes of one list race (each is planned from the version it read)", async () => {
    const [a, , c] = RARE as [string, string, string];
    const me = await someone();
    const w = await me.as(() => Watchlist.create({ name: "race", tickers: ["AAPL"] }));
    const before = async (symbol: string) =>
      (await watchCounts.get({ symbol }).go({ consistent: true })).data?.watchers ?? 0;
    const [startA, startC] = [await before(a), await before(c)];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        me.as(() => Watchlist.update({ id: w.id, patch: { tickers: [i % 2 ? a : c], name: `r${i}` } })),
      ),
    );
    const final = await me.as(() => Watchlist.get(w.id));
    const trail = await me.as(() => Watchlist.history(w.id));
    expect(trail).toHaveLength(7);
    // Each event starts from the state the previous one left.
    for (let i = 1; i < trail.length; i++) expect(trail[i]?.before).toEqual(trail[i - 1]?.after);
    expect(trail.at(-1)?.after).toEqual({ name: final.name, tickers: final.tickers });
    const holds = (symbol: string) => (final.tickers.includes(symbol) ? 1 : 0);
    expect([(await before(a)) - startA, (await before(c)) - startC]).toEqual([holds(a), holds(c)]);
  });
});
