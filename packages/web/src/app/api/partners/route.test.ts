import * as Actor from "@bourse/core/actor";
import * as User from "@bourse/core/user";
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/me/route";
import { callerOf } from "@/server/auth";
import { Client, member } from "@/server/auth.testing";
import { DELETE as revokeKey } from "./[id]/keys/[keyId]/route";
import { POST as createKey, GET as listKeys } from "./[id]/keys/route";
import { DELETE, GET, POST } from "./route";

async function admin() {
  const who = await member("ad");
  await Actor.system("test", () => User.setRole(who.tokens.user.id, "admin"));
  return who;
}

const ORIGIN = "http://localhost";

describe("/api/partners and their keys", () => {
  it("admins create partners and keys; a key authenticates the partner until revoked", async () => {
    const { bearer } = await admin();
    const client = new Client();
    const created = await client.send(POST, "/api/partners", {
      body: { name: "Acme Brokerage" },
      headers: bearer,
    });
    expect(created.status).toBe(201);
    const partner = await created.json();
    expect(partner).toMatchObject({ id: expect.any(String), name: "Acme Brokerage" });

    const listed = await (await client.send(GET, "/api/partners?limit=100", { headers: bearer })).json();
    expect(listed.items.map((p: { id: string }) => p.id)).toContain(partner.id);

    const params = { id: partner.id };
    const path = `/api/partners/${partner.id}/keys`;
    const keyResponse = await client.send(createKey, path, { method: "POST", headers: bearer, params });
    expect(keyResponse.status).toBe(201);
    expect(keyResponse.headers.get("cache-control")).toBe("no-store");
    const key = await keyResponse.json();
    expect(key).toMatchObject({
      id: expect.any(String),
      prefix: expect.any(String),
      key: expect.any(String),
    });
    expect(key.key.startsWith(`bk_${key.prefix}_`)).toBe(true);

    const keys = await (await client.send(listKeys, path, { headers: bearer, params })).json();
    expect(keys.items).toEqual([
      expect.objectContaining({ id: key.id, prefix: key.prefix, revokedAt: null }),
    ]);
    expect(JSON.stringify(keys)).not.toContain(key.key);

    const partnerCall = new Request(`${ORIGIN}/api/orders`, {
      method: "POST",
      headers: { "x-api-key": key.key },
    });
    expect((await callerOf(partnerCall)).actor).toEqual({
      type: "partner",
      properties: { partnerID: partner.id, keyID: key.id },
    });
    // A partner is not a user: the user routes refuse it.
    expect((await client.send(me, "/api/me", { headers: { "x-api-key": key.key } })).status).toBe(403);

    const revoked = await client.send(revokeKey, `${path}/${key.id}`, {
      method: "DELETE",
      headers: bearer,
      params: { id: partner.id, keyId: key.id },
    });
    expect(revoked.status).toBe(204);
    const refused = await client.send(me, "/api/me", { headers: { "x-api-key": key.key } });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("invalid_api_key");
  });

  it("refuses members (403) and the public (401)", async () => {
    const { bearer } = await member("nm");
    const client = new Client();
    expect((await client.send(POST, "/api/partners", { body: { name: "X" }, headers: bearer })).status).toBe(
      403,
    );
    expect((await client.send(GET, "/api/partners", { headers: bearer })).status).toBe(403);
    expect((await client.send(POST, "/api/partners", { body: { name: "X" } })).status).toBe(401);
  });

  it("a key of another partner is a 404; bad input 400; other methods 405", async () => {
    const { bearer } = await admin();
    const client = new Client();
    const make = async (name: string) =>
      (await client.send(POST, "/api/partners", { body: { name }, headers: bearer })).json();
    const [a, b] = [await make("A"), await make("B")];
    const key = await (
      await client.send(createKey, `/api/partners/${a.id}/keys`, {
        method: "POST",
        headers: bearer,
        params: { id: a.id },
      })
    ).json();
    const crossed = await client.send(revokeKey, `/api/partners/${b.id}/keys/${key.id}`, {
      method: "DELETE",
      headers: bearer,
      params: { id: b.id, keyId: key.id },
    });
    expect(crossed.status).toBe(404);
    expect((await client.send(me, "/api/me", { headers: { "x-api-key": key.key } })).status).toBe(403);

    expect((await client.send(POST, "/api/partners", { body: { name: "" }, headers: bearer })).status).toBe(
      400,
    );
    expect(
      (
        await client.send(createKey, "/api/partners/nope/keys", {
          method: "POST",
          headers: bearer,
          params: { id: "nope" },
        })
      ).status,
    ).toBe(404);
    expect((await client.send(DELETE, "/api/partners", { method: "DELETE", headers: bearer })).status).toBe(
      405,
    );
  });
});
