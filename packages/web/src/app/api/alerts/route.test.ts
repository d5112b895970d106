import { scored } from "@bourse/core/alert/testing";
import { deliveredTo } from "@bourse/core/email/testing";
import { describe, expect, it } from "vitest";
import { POST as anonymous } from "@/app/api/auth/anonymous/route";
import { Client, member, platformIdle } from "@/server/auth.testing";
import { GET as getOne, PATCH as patch, DELETE as remove } from "./[id]/route";
import { GET, POST, PUT } from "./route";
import { POST as unsubscribe } from "./unsubscribe/route";

const rule = (symbol: string) => ({
  target: { kind: "ticker", symbol },
  condition: { kind: "sentiment", direction: "above", threshold: -1, window: "day" },
});

async function errorOf(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()).error as { code: string; message: string };
}

describe("/api/alerts", { timeout: 180_000 }, () => {
  it("lets a member create (201), list, read, change and delete (204) rules, owner-scoped", async () => {
    const { bearer } = await member("al");
    const client = new Client();
    const created = await client.send(POST, "/api/alerts", { body: rule("aapl"), headers: bearer });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { alert } = await created.json();
    expect(alert).toMatchObject({ target: { kind: "ticker", symbol: "AAPL" }, enabled: true });
    expect(await (await client.send(GET, "/api/alerts", { headers: bearer })).json()).toEqual({
      items: [alert],
    });
    const params = { id: alert.id };
    const path = `/api/alerts/${alert.id}`;
    const off = await client.send(patch, path, {
      method: "PATCH",
      body: { enabled: false },
      params,
      headers: bearer,
    });
    expect((await off.json()).alert.enabled).toBe(false);

    // Another member: not found, whatever the verb.
    const other = (await member("al2")).bearer;
    expect((await errorOf(await client.send(getOne, path, { params, headers: other }), 404)).code).toBe(
      "not_found",
    );
    const patched = await client.send(patch, path, {
      method: "PATCH",
      body: { enabled: true },
      params,
      headers: other,
    });
    expect((await errorOf(patched, 404)).code).toBe("not_found");
    expect(
      (await errorOf(await client.send(remove, path, { method: "DELETE", params, headers: other }), 404))
        .code,
    ).toBe("not_found");

    const deleted = await client.send(remove, path, { method: "DELETE", params, headers: bearer });
    expect(deleted.status).toBe(204);
    expect(await (await client.send(GET, "/api/alerts", { headers: bearer })).json()).toEqual({ items: [] });
  });

  it("refuses guests (403 account_required) and the eleventh rule (409 alert_limit)", async () => {
    const guest = new Client();
    expect((await guest.send(anonymous, "/api/auth/anonymous", { method: "POST" })).status).toBe(201);
    expect((await errorOf(await guest.send(POST, "/api/alerts", { body: rule("AAPL") }), 403)).code).toBe(
      "account_required",
    );
    expect((await errorOf(await new Client().send(GET, "/api/alerts"), 401)).code).toBe("unauthorized");

    const { bearer } = await member("al3");
    const client = new Client();
    for (let i = 0; i < 10; i++)
      expect((await client.send(POST, "/api/alerts", { body: rule("MSFT"), headers: bearer })).status).toBe(
        201,
      );
    const eleventh = await client.send(POST, "/api/alerts", { body: rule("MSFT"), headers: bearer });
    expect((await errorOf(eleventh, 409)).code).toBe("alert_limit");
  });

  it("answers bad input with JSON 4xx, never a 500", async () => {
    const { bearer } = await member("al4");
    const client = new Client();
    const cases: [unknown, number, string][] = [
      ["{not json", 400, "invalid_json"],
      [{}, 400, "validation_failed"],
      [{ ...rule("AAPL"), cooldownMinutes: 0 }, 400, "validation_failed"],
      [{ ...rule("AAPL"), condition: { kind: "volume", perHour: "x" } }, 400, "validation_failed"],
      [rule("NOPE1"), 400, "unknown_ticker"],
      [{ ...rule("AAPL"), target: { kind: "watchlist", watchlistID: "nope" } }, 404, "not_found"],
    ];
    for (const [body, status, code] of cases)
      expect(
        (await errorOf(await client.send(POST, "/api/alerts", { body, headers: bearer }), status)).code,
      ).toBe(code);
    expect(
      (await errorOf(await client.send(PUT, "/api/alerts", { method: "PUT", headers: bearer }), 405)).code,
    ).toBe("method_not_allowed");
  });

  it("unsubscribes in one click with the mailed token (no session needed); a bad token is 404", async () => {
    const who = await member("al5");
    const client = new Client();
    const { alert } = await (
      await client.send(POST, "/api/alerts", { body: rule("ZVRA"), headers: who.bearer })
    ).json();
    await scored("ZVRA");
    await platformIdle(90_000);
    const [mail] = await deliveredTo(who.email);
    const oneClick = mail?.Headers?.find((h) => h.Name === "List-Unsubscribe")?.Value.slice(1, -1) ?? "";
    const url = new URL(oneClick);
    expect(url.origin).toBe(new URL(process.env.BOURSE_PUBLIC_URL!).origin);

    const body = "List-Unsubscribe=One-Click";
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    const mailer = new Client();
    const done = await mailer.send(unsubscribe, `${url.pathname}${url.search}`, {
      method: "POST",
      body,
      headers,
      origin: false,
    });
    expect(done.status).toBe(200);
    expect(JSON.stringify(await done.json())).not.toContain(url.searchParams.get("token"));
    const now = await client.send(getOne, `/api/alerts/${alert.id}`, {
      params: { id: alert.id },
      headers: who.bearer,
    });
    expect((await now.json()).alert.enabled).toBe(false);
    // Again: still fine (idempotent); a forged token: not found.
    expect(
      (
        await mailer.send(unsubscribe, `${url.pathname}${url.search}`, {
          method: "POST",
          body,
          headers,
          origin: false,
        })
      ).status,
    ).toBe(200);
    const forged = await mailer.send(
      unsubscribe,
      "/api/alerts/unsubscribe?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      {
        method: "POST",
        body,
        headers,
        origin: false,
      },
    );
    expect((await errorOf(forged, 404)).code).toBe("invalid_link");
  });
});
