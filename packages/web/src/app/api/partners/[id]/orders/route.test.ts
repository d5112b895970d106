import { event, partner } from "@bourse/core/order/testing";
import * as Partner from "@bourse/core/partner";
import { describe, expect, it } from "vitest";
import { Client } from "@/server/auth.testing";
import { GET as errors } from "../errors/route";
import { GET as getRules, PUT as putRules } from "../rules/route";
import { BODY_LIMIT, GET, POST } from "./route";

const client = new Client();
const send = (id: string, key: string | undefined, body: unknown) =>
  client.send(POST, `/api/partners/${id}/orders`, {
    body,
    headers: key ? { "x-api-key": key } : {},
    params: { id },
  });

describe("/api/partners/{id}/orders", () => {
  it("answers results in request order; a bad key is 401, another partner's 403, a body over the limit 413", async () => {
    const a = await partner();
    const b = await partner();
    const ok = await send(a.id, a.key, { events: [event("r-1"), event("r-2", { symbol: "NOPEQX" })] });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      results: [
        { orderId: "r-1", status: "accepted", sequence: 1 },
        { orderId: "r-2", status: "rejected", reasons: ["unknown_symbol"] },
      ],
    });

    const wrong = await send(a.id, `bk_abcdefgh_${"A".repeat(43)}`, event("r-3"));
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe("invalid_api_key");
    expect((await send(a.id, undefined, event("r-3"))).status).toBe(401);

    const other = await send(b.id, a.key, event("r-3"));
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: { code: "forbidden" } });

    const huge = await send(a.id, a.key, { events: [event("big", { clientRef: "x".repeat(BODY_LIMIT) })] });
    expect(huge.status).toBe(413);

    const garbage = await client.send(POST, `/api/partners/${a.id}/orders`, {
      body: "{not json",
      headers: { "x-api-key": a.key },
      params: { id: a.id },
    });
    expect(garbage.status).toBe(400);

    // A revoked key stops at once.
    const { as } = await import("@bourse/core/social/testing");
    const [key] = await as(a.admin, () => Partner.listKeys(a.id));
    await as(a.admin, () => Partner.revokeKey(a.id, key!.id));
    expect((await send(a.id, a.key, event("r-4"))).status).toBe(401);
  });

  it("lists orders and errors with the partner's key; rules need an admin to change", async () => {
    const p = await partner({ maxQuantity: 100 });
    await send(p.id, p.key, { events: [event("l-1"), event("l-2", { quantity: 1000 }), event("l-3")] });
    const headers = { "x-api-key": p.key };
    const params = { id: p.id };
    const listed = await client.send(GET, `/api/partners/${p.id}/orders?fromSeq=2`, { headers, params });
    expect(listed.status).toBe(200);
    expect((await listed.json()).items.map((o: { orderId: string }) => o.orderId)).toEqual(["l-3"]);
    const bad = await client.send(GET, `/api/partners/${p.id}/orders?fromSeq=x`, { headers, params });
    expect(bad.status).toBe(400);
    const log = await (await client.send(errors, `/api/partners/${p.id}/errors`, { headers, params })).json();
    expect(log.items).toEqual([expect.objectContaining({ orderId: "l-2", reasons: ["quantity_too_large"] })]);
    const rules = await (
      await client.send(getRules, `/api/partners/${p.id}/rules`, { headers, params })
    ).json();
    expect(rules.maxQuantity).toBe(100);
    const put = await client.send(putRules, `/api/partners/${p.id}/rules`, {
      method: "PUT",
      headers,
      params,
      body: { ...rules, maxQuantity: 5 },
    });
    expect(put.status).toBe(403);
  });

  it("answers a partner id no partner can have with 400, not a table error", async () => {
    const p = await partner();
    const id = "x".repeat(2000);
    const headers = { "x-api-key": p.key };
    for (const handler of [getRules, GET, errors]) {
      const res = await client.send(handler, `/api/partners/${id}/rules`, { headers, params: { id } });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("validation_failed");
    }
  });
});
