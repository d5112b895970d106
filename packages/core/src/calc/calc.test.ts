import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { sweepExpired } from "../../../../stacks/local/testing/sweep";
import * as Actor from "../actor";
import { anonymously, as, member } from "../social/testing";
import * as Calc from ".";
import { calculations } from "./entities";

const DAY = 86_400_000;

describe("Calc history", () => {
  it("keeps a member's calculations, newest first, a page at a time, for that member only", async () => {
    const [alice, bob] = [await member("Alice"), await member("Bob")];
    const start = Date.now();
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(
        await as(alice, () =>
          Calc.run({ operation: "add", operands: [i, "0.5"] }, () => new Date(start + i)),
        ),
      );
    expect(made.map((c) => c.result)).toEqual(["0.5", "1.5", "2.5", "3.5", "4.5"]);

    const first = await as(alice, () => Calc.history({ limit: 3 }));
    expect(first.items.map((c) => c.result)).toEqual(["4.5", "3.5", "2.5"]);
    const second = await as(alice, () => Calc.history({ limit: 3, cursor: first.cursor }));
    expect(second.items.map((c) => c.id)).toEqual([made[1]?.id, made[0]?.id]);
    expect(second.items[0]).toEqual(made[1]);

    expect((await as(bob, () => Calc.history({}))).items).toEqual([]);
  });

  it("keeps a guest's history; a caller without credentials gets the result, unstored", async () => {
    const guest = ulid();
    const guestActor = { type: "anonymous" as const, properties: { userID: guest, sessionID: "t" } };
    const stored = await Actor.provide(guestActor, () =>
      Calc.run({ operation: "multiply", operands: [2, 3] }),
    );
    expect(stored.result).toBe("6");
    expect((await Actor.provide(guestActor, () => Calc.history({}))).items).toEqual([stored]);
    const item = await calculations.get({ ownerID: guest, calcID: stored.id }).go();
    // A guest's history ends an hour before the 30 days, so the guest (30 days after its last activity,
    // remembered hourly) always outlives it.
    expect(item.data?.expiresAt).toBe(Math.floor(stored.createdAt / 1000) + 30 * 86_400 - 3600);

    const unstored = await Calc.run({ operation: "subtract", operands: ["1", "0.25"] });
    expect(unstored.result).toBe("0.75");
    await expect(Calc.history({})).rejects.toMatchObject({ code: "unauthorized" });
    await expect(anonymously(() => Calc.history({}))).resolves.toEqual({ items: [], cursor: null });
  });

  it("expires after 30 days: hidden at once, deleted by the TTL sweeper", async () => {
    const alice = await member("Expiring");
    const old = await as(alice, () =>
      Calc.run({ operation: "divide", operands: [1, 8] }, () => new Date(Date.now() - 30 * DAY - 60_000)),
    );
    const recent = await as(alice, () =>
      Calc.run({ operation: "divide", operands: [1, 4] }, () => new Date(Date.now() - 29 * DAY)),
    );
    expect((await as(alice, () => Calc.history({}))).items).toEqual([recent]);

    await sweepExpired();
    const key = (id: string) => ({ ownerID: alice.id, calcID: id });
    expect((await calculations.get(key(old.id)).go({ consistent: true })).data).toBeNull();
    expect((await calculations.get(key(recent.id)).go({ consistent: true })).data?.result).toBe("0.25");
  });
});
