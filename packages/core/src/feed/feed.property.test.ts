import fc from "fast-check";
import { expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { as, member } from "../social/testing";
import * as Feed from ".";
import { deletePost, demote, follow, promote, quickPost, stateOf, unfollow } from "./testing";

/**
 * The hybrid feed against a brute-force reference: random follow graphs and random sequences of posts,
 * follows, unfollows, deletions and threshold crossings, applied one after another, the subscribers
 * sometimes caught up in between and sometimes racing them; once everything has settled, every member's
 * feed, read page
 * by page with a random page size, must be exactly the posts of the people they follow and their own,
 * newest first.
 */

const USERS = 6;

type Op =
  | { kind: "post"; who: number }
  | { kind: "follow" | "unfollow"; who: number; whom: number }
  | { kind: "delete"; pick: number }
  | { kind: "promote" | "demote"; who: number }
  | { kind: "settle" };

const user = fc.integer({ min: 0, max: USERS - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("post" as const), who: user }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("follow" as const), who: user, whom: user }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("unfollow" as const), who: user, whom: user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("promote" as const), who: user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("demote" as const), who: user }) },
  // Sometimes the subscribers catch up before the next operation, sometimes they race it.
  { weight: 2, arbitrary: fc.constant({ kind: "settle" as const }) },
);

const scenario = fc.record({
  // A random starting graph, then the operations.
  graph: fc.array(fc.tuple(user, user), { minLength: 5, maxLength: 20 }),
  ops: fc.array(op, { minLength: 10, maxLength: 40 }),
  pageSizes: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: USERS, maxLength: USERS }),
});

async function settle() {
  await platformIdle();
  await platformIdle();
}

it("reads, page by page, exactly what a brute-force reference computes", { timeout: 300_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ graph, ops, pageSizes }) => {
      const people = await Promise.all(Array.from({ length: USERS }, (_, i) => member(`P${i}`)));
      const id = (i: number) => people[i]!.id;
      // Every feed has been read once: the answers below come from fan-out and merging, not from rebuilds.
      for (const p of people) await as(p, () => Feed.read());
      const marks = await Promise.all(people.map(async (p) => (await stateOf(p.id))?.activeAt));

      const following = people.map(() => new Set<number>());
      const posts: { postID: string; author: number }[] = [];
      const celebrity = new Set<number>();
      const apply = async (o: Op) => {
        switch (o.kind) {
          case "post":
            posts.push({ postID: (await quickPost(id(o.who))).postID, author: o.who });
            return;
          case "follow":
            if (o.who === o.whom || following[o.who]!.has(o.whom)) return;
            following[o.who]!.add(o.whom);
            return follow(id(o.who), id(o.whom));
          case "unfollow":
            if (!following[o.who]!.delete(o.whom)) return;
            return unfollow(id(o.who), id(o.whom));
          case "delete": {
            const [gone] = posts.splice(o.pick % Math.max(1, posts.length), 1);
            if (gone) await deletePost(gone.postID);
            return;
          }
          case "promote":
            if (celebrity.has(o.who)) return;
            celebrity.add(o.who);
            return promote(id(o.who));
          case "demote":
            if (!celebrity.delete(o.who)) return;
            return demote(id(o.who));
          case "settle":
            return settle();
        }
      };
      for (const [who, whom] of graph) await apply({ kind: "follow", who, whom });
      for (const o of ops) await apply(o);
      await settle();

      for (let r = 0; r < USERS; r++) {
        const expected = posts
          .filter((p) => p.author === r || following[r]!.has(p.author))
          .map((p) => p.postID)
          .sort()
          .reverse();
        const size = pageSizes[r]!;
        const pages: string[][] = [];
        let cursor: string | null | undefined;
        do {
          const page = await as(id(r), () => Feed.read({ cursor, limit: size }));
          pages.push(page.items.map((p) => p.id));
          cursor = page.cursor;
        } while (cursor && pages.length <= expected.length + 1);
        expect(pages.flat()).toEqual(expected);
        for (const [n, page] of pages.entries())
          expect(page).toEqual(expected.slice(n * size, (n + 1) * size));
        expect((await stateOf(id(r)))?.activeAt).toBe(marks[r]);
      }
    }),
    { numRuns: 10, endOnFailure: true },
  );
});
