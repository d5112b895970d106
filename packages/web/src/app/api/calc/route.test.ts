import * as AccessToken from "@bourse/core/auth/access-token";
import { describe, expect, it } from "vitest";
import { ACCESS_COOKIE } from "@/server/auth";
import { Client, claimsOf, member } from "@/server/auth.testing";
import { POST as startGuest } from "../auth/anonymous/route";
import { POST as refresh } from "../auth/refresh/route";
import { GET as history } from "./history/route";
import { POST } from "./route";

describe("/api/calc", () => {
  it("calculates exactly for anyone; without credentials nothing is stored", async () => {
    const client = new Client();
    const response = await client.send(POST, "/api/calc", {
      body: { operation: "add", operands: [0.1, 0.2] },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    expect(await response.json()).toMatchObject({
      operation: "add",
      operands: ["0.1", "0.2"],
      result: "0.3",
    });
    expect((await client.send(history, "/api/calc/history")).status).toBe(401);
  });

  it("keeps a member's history, newest first, theirs only", async () => {
    const [alice, bob] = [await member("calcweb"), await member("calcweb2")];
    const client = new Client();
    for (const operands of [
      [7, 2],
      [9, 4],
    ])
      await client.send(POST, "/api/calc", {
        body: { operation: "modulo", operands },
        headers: alice.bearer,
      });
    const mine = await client.send(history, "/api/calc/history?limit=5", { headers: alice.bearer });
    expect((await mine.json()).items.map((c: { result: string }) => c.result)).toEqual(["1", "1"]);
    const theirs = await client.send(history, "/api/calc/history", { headers: bob.bearer });
    expect((await theirs.json()).items).toEqual([]);
  });

  it("asks a guest whose access token expired to refresh, so the calculation joins its history", async () => {
    const guest = new Client();
    expect((await guest.send(startGuest, "/api/auth/anonymous")).status).toBe(201);
    // The browser keeps the access cookie past its token's 15 minutes: here, a token of this session issued 16 ago.
    const { sub, sid, kind } = claimsOf(guest.cookie(ACCESS_COOKIE)!) as Record<string, string>;
    const old = await AccessToken.sign(
      { userID: sub!, sessionID: sid!, kind: kind as "anonymous" },
      new Date(Date.now() - 16 * 60_000),
    );
    guest.cookies.set(ACCESS_COOKIE, { value: old.token, path: "/" });
    const body = { operation: "add", operands: [1, 2] };
    const stale = await guest.send(POST, "/api/calc", { body });
    expect([stale.status, (await stale.json()).error.code]).toEqual([401, "invalid_token"]);
    expect((await guest.send(refresh, "/api/auth/refresh")).status).toBe(204);
    expect((await guest.send(POST, "/api/calc", { body })).status).toBe(200);
    const kept = await (await guest.send(history, "/api/calc/history")).json();
    expect(kept.items.map((c: { result: string }) => c.result)).toEqual(["3"]);
  });

  it("answers refusals as 4xx JSON with their codes", async () => {
    const client = new Client();
    const cases: [unknown, number, string][] = [
      [{ operation: "divide", operands: [1, 0] }, 400, "division_by_zero"],
      [{ operation: "modulo", operands: ["5", "0.0"] }, 400, "division_by_zero"],
      [{ operation: "power", operands: [0, -1] }, 400, "division_by_zero"],
      [{ operation: "power", operands: [-2, 0.5] }, 400, "not_a_real_number"],
      [{ operation: "multiply", operands: [`9${"9".repeat(999)}`, 10] }, 400, "overflow"],
      [{ operation: "add", operands: ["1e3", 1] }, 400, "validation_failed"],
      [{ operation: "add", operands: Array(101).fill(1) }, 400, "validation_failed"],
      ["{", 400, "invalid_json"],
    ];
    for (const [body, status, code] of cases) {
      const response = await client.send(POST, "/api/calc", { body });
      expect([response.status, (await response.json()).error.code]).toEqual([status, code]);
    }
    const bad = await client.send(history, "/api/calc/history?cursor=zz");
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
  });
});
