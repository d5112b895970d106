import * as Actor from "@bourse/core/actor";
import * as Metrics from "@bourse/core/metrics";
import * as User from "@bourse/core/user";
import { describe, expect, it } from "vitest";
import { POST as anonymous } from "@/app/api/auth/anonymous/route";
import { Client, member, platformIdle } from "@/server/auth.testing";
import { GET as list } from "../../route";
import { GET, POST } from "./route";

async function admin() {
  const who = await member("cronadmin");
  await Actor.system("cron-test", () => User.setRole(who.tokens.user.id, "admin"));
  return who.bearer;
}

const run = (name: string, headers?: Record<string, string>, client = new Client()) =>
  client.send(POST, `/api/admin/crons/${name}/run`, { method: "POST", headers, params: { name } });

describe("POST /api/admin/crons/{name}/run", () => {
  it("runs the cron's handler now through the Lambda Invoke API (202), as its schedule would", async () => {
    const bearer = await admin();
    // Activity in this minute and the previous one: the snapshot cron folds the minute before its run.
    const entity = `cronRun${crypto.randomUUID().slice(0, 8)}`;
    const now = Date.now();
    for (const at of [now - 60_000, now])
      await Metrics.recordActivity(crypto.randomUUID(), [{ entity, writtenAt: at }], () => new Date(at));

    const response = await run("MetricsSnapshot", bearer);
    expect(response.status).toBe(202);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { run: started } = await response.json();
    expect(started).toEqual({
      name: "MetricsSnapshot",
      requestedAt: expect.any(Number),
      id: expect.any(String),
    });

    // The invocation was asynchronous: wait for the platform to finish it, then find its work.
    await platformIdle();
    const minute = Metrics.minuteOf(new Date(started.requestedAt - 60_000));
    const snapshots = await Actor.system("cron-test", () => Metrics.recent(1000));
    expect(snapshots.find((s) => s.minute === minute)?.items[entity]).toBe(1);
  });

  it("lists the crons to admins", async () => {
    const response = await new Client().send(list, "/api/admin/crons", { headers: await admin() });
    expect(response.status).toBe(200);
    expect((await response.json()).items).toContainEqual({ name: "MetricsSnapshot" });
  });

  it("refuses the public (401), guests and members (403), an unknown cron (404), a GET (405)", async () => {
    expect((await run("MetricsSnapshot")).status).toBe(401);
    const guest = new Client();
    await guest.send(anonymous, "/api/auth/anonymous", { method: "POST" });
    const refusedGuest = await run("MetricsSnapshot", undefined, guest);
    expect(refusedGuest.status).toBe(403);
    expect((await refusedGuest.json()).error.code).toBe("forbidden");
    expect((await run("MetricsSnapshot", (await member("cronuser")).bearer)).status).toBe(403);
    expect(
      (await new Client().send(list, "/api/admin/crons", { headers: (await member("cronu2")).bearer }))
        .status,
    ).toBe(403);
    const bearer = await admin();
    for (const name of ["NoSuchCron", "constructor", "__proto__", "..%2Fx"]) {
      const unknown = await run(name, bearer);
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).error.code).toBe("not_found");
    }
    const get = await new Client().send(GET, "/api/admin/crons/MetricsSnapshot/run", { headers: bearer });
    expect(get.status).toBe(405);
  });
});
