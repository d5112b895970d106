import { describe, expect, it } from "vitest";
import * as Actor from "../actor";
import * as Auth from "../auth";
import { sha256 } from "../auth/secret";
import * as Session from "../auth/session";
import { PASSWORD, unique } from "../auth/testing";
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "../error";
import * as User from "../user";
import * as Partner from ".";
import { apiKeys } from "./entities";

async function signedIn(label: string, role: "user" | "admin" = "user") {
  const u = unique(label);
  const tokens = await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
  if (role === "admin") await Actor.system("test", () => User.setRole(tokens.user.id, "admin"));
  return Session.authenticate(tokens.accessToken);
}

async function invalidKey(apiKey: string | undefined) {
  const error = await Partner.authenticate(apiKey).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  expect(error).toMatchObject({ code: "invalid_api_key" });
}

describe("Partner administration", () => {
  it("is for admins: others are refused, anonymous callers need to sign in", async () => {
    const user = await signedIn("plain");
    await expect(Actor.provide(user, () => Partner.create({ name: "Acme" }))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(Partner.create({ name: "Acme" })).rejects.toBeInstanceOf(UnauthorizedError);
    const admin = await signedIn("admin", "admin");
    const partner = await Actor.provide(admin, () => Partner.create({ name: " Acme Brokerage " }));
    expect(partner).toMatchObject({ name: "Acme Brokerage", id: expect.any(String) });
    await expect(Actor.provide(user, () => Partner.createKey(partner.id))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(Actor.provide(user, () => Partner.listKeys(partner.id))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(Actor.provide(user, () => Partner.get(partner.id))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("reads the role fresh: a demoted admin loses the right at once", async () => {
    const admin = await signedIn("demoted", "admin");
    await Actor.provide(admin, () => Partner.list());
    await Actor.system("test", () => User.setRole(admin.properties.userID, "user"));
    await expect(Actor.provide(admin, () => Partner.list())).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("gets and lists partners", async () => {
    const admin = await signedIn("admin", "admin");
    const a = await Actor.provide(admin, () => Partner.create({ name: "Alpha" }));
    expect(await Actor.provide(admin, () => Partner.get(a.id))).toEqual(a);
    await expect(Actor.provide(admin, () => Partner.get("01NOSUCHPARTNER"))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page: { items: Partner.Info[]; cursor: string | null } = await Actor.provide(admin, () =>
        Partner.list({ limit: 100, cursor }),
      );
      ids.push(...page.items.map((p) => p.id));
      cursor = page.cursor ?? undefined;
    } while (cursor);
    expect(ids).toContain(a.id);
    // A cursor shaped like ElectroDB's whose key matches no index of ours: bad input, not an outage.
    const forged = Buffer.from(
      Buffer.from(JSON.stringify({ pk: "x", sk: "y", nope: "z" })).toString("base64url"),
    ).toString("base64url");
    await expect(Actor.provide(admin, () => Partner.list({ cursor: forged }))).rejects.toBeInstanceOf(
      ValidationError,
    );
    // Input is validated before any I/O: the verb throws rather than rejecting.
    expect(() => Actor.provide(admin, () => Partner.create({ name: "" }))).toThrow(ValidationError);
  });
});

describe("Partner API keys", () => {
  it("shows a key once, stores its hash, lists it without the secret, and authenticates with it", async () => {
    const admin = await signedIn("admin", "admin");
    const partner = await Actor.provide(admin, () => Partner.create({ name: "Keys Inc" }));
    const created = await Actor.provide(admin, () => Partner.createKey(partner.id));
    expect(created.key).toMatch(new RegExp(`^bk_${created.prefix}_[\\w-]{43}$`));
    expect((await apiKeys.get({ keyHash: sha256(created.key) }).go()).data).toMatchObject({
      keyID: created.id,
      partnerID: partner.id,
    });

    const keys = await Actor.provide(admin, () => Partner.listKeys(partner.id));
    expect(keys).toEqual([
      {
        id: created.id,
        prefix: created.prefix,
        createdAt: created.createdAt,
        revokedAt: null,
        lastUsedAt: null,
      },
    ]);
    // The secret is base64url, so it may itself hold "_": cut it after the known prefix.
    expect(JSON.stringify(keys)).not.toContain(created.key.slice(`bk_${created.prefix}_`.length));

    const actor = await Partner.authenticate(created.key);
    expect(actor).toEqual({ type: "partner", properties: { partnerID: partner.id, keyID: created.id } });
    expect(await Actor.provide(actor, () => Partner.get(partner.id))).toEqual(partner);
    const used = await Actor.provide(admin, () => Partner.listKeys(partner.id));
    expect(used[0]?.lastUsedAt).toEqual(expect.any(Number));
  });

  it("stops a revoked key at once; other keys carry on", async () => {
    const admin = await signedIn("admin", "admin");
    const partner = await Actor.provide(admin, () => Partner.create({ name: "Revokers" }));
    const doomed = await Actor.provide(admin, () => Partner.createKey(partner.id));
    const kept = await Actor.provide(admin, () => Partner.createKey(partner.id));
    await Actor.provide(admin, () => Partner.revokeKey(partner.id, doomed.id));
    await Actor.provide(admin, () => Partner.revokeKey(partner.id, doomed.id));
    await invalidKey(doomed.key);
    expect((await Partner.authenticate(kept.key)).properties).toMatchObject({ keyID: kept.id });
    const listed = await Actor.provide(admin, () => Partner.listKeys(partner.id));
    expect(listed.find((k) => k.id === doomed.id)?.revokedAt).toEqual(expect.any(Number));
    expect(listed.find((k) => k.id === kept.id)?.revokedAt).toBeNull();
  });

  it("remembers a verified key a few seconds: a revocation here ends it at once, one elsewhere within VERIFIED_MS", async () => {
    const admin = await signedIn("admin", "admin");
    const partner = await Actor.provide(admin, () => Partner.create({ name: "Cachers" }));
    const here = await Actor.provide(admin, () => Partner.createKey(partner.id));
    const there = await Actor.provide(admin, () => Partner.createKey(partner.id));
    const t0 = Date.now();
    const at = (ms: number) => () => new Date(t0 + ms);
    await Partner.authenticate(here.key, at(0));
    await Partner.authenticate(there.key, at(0));
    await Actor.provide(admin, () => Partner.revokeKey(partner.id, here.id));
    await invalidKey(here.key);
    // Revoked by another instance: this one's memory of the key holds until it expires, then the table says no.
    await apiKeys
      .patch({ keyHash: sha256(there.key) })
      .set({ revokedAt: t0 })
      .go();
    expect((await Partner.authenticate(there.key, at(Partner.VERIFIED_MS - 1))).properties.keyID).toBe(
      there.id,
    );
    const error = await Partner.authenticate(there.key, at(Partner.VERIFIED_MS + 1)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid_api_key" });
  });

  it("cannot revoke a key through another partner", async () => {
    const admin = await signedIn("admin", "admin");
    const a = await Actor.provide(admin, () => Partner.create({ name: "A" }));
    const b = await Actor.provide(admin, () => Partner.create({ name: "B" }));
    const key = await Actor.provide(admin, () => Partner.createKey(a.id));
    await expect(Actor.provide(admin, () => Partner.revokeKey(b.id, key.id))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await Partner.authenticate(key.key)).properties.partnerID).toBe(a.id);
  });

  it("refuses unknown, malformed and missing keys", async () => {
    await invalidKey(`bk_abcdefgh_${"A".repeat(43)}`);
    await invalidKey("not-a-key");
    await invalidKey("");
    await invalidKey(undefined);
  });

  it("needs an existing partner for a new key", async () => {
    const admin = await signedIn("admin", "admin");
    await expect(Actor.provide(admin, () => Partner.createKey("01NOSUCHPARTNER"))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
