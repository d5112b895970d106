import * as Actor from "@bourse/core/actor";
import * as Metrics from "@bourse/core/metrics";
import * as User from "@bourse/core/user";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, member } from "@/server/auth.testing";
import { GET } from "./route";

// Minutes later than any other test writes, so they are the newest snapshots of the run.
const FIRST = Date.UTC(2099, 11, 31, 23, 50);
const MINUTES = [0, 1, 2, 3].map((i) => new Date(FIRST + i * 60_000));

let admin: Record<string, string>;

beforeAll(async () => {
  // Activity in each minute, then its snapshot taken a minute later, as the metrics cron does.
  for (const [i, minute] of MINUTES.entries()) {
    const writes = Array.from({ length: i + 1 }, () => ({ entity: "post", writtenAt: minute.getTime() }));
    await Metrics.recordActivity(crypto.randomUUID(), writes, () => minute);
    await Metrics.snapshot(Metrics.minuteOf(minute), () => new Date(minute.getTime() + 60_000));
  }
  const who = await member("snapadmin");
  await Actor.system("snapshots-test", () => User.setRole(who.tokens.user.id, "admin"));
  admin = who.bearer;
});

const list = (query: string, headers: Record<string, string> = admin) =>
  new Client().send(GET, `/api/metrics/snapshots${query}`, { headers });

describe("/api/metrics/snapshots (on the local platform)", () => {
  it("lists at most `limit` snapshots to an admin, newest first", async () => {
    const response = await list("?limit=3");
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Metrics.Snapshot[] };
    expect(items.map((s) => s.minute)).toEqual(MINUTES.slice(1).reverse().map(Metrics.minuteOf));
    expect(items.map((s) => s.items.post)).toEqual([4, 3, 2]);
  });

  it("refuses a limit out of range with 400", async () => {
    const response = await list("?limit=0");
    expect(response.status).toBe(400);
    expect((await response.json()).error.details[0].path).toBe("limit");
  });

  it("is for admins: 401 without credentials, 403 for a member", async () => {
    expect((await list("?limit=3", {})).status).toBe(401);
    const plain = await member("snapuser");
    const refused = await list("?limit=3", plain.bearer);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain("2099");
  });
});
