import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { Resource } from "sst";
import { describe, expect, it } from "vitest";
import * as Actor from "../actor";
import { unique } from "../auth/testing";
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "../error";
import { image } from "../social/testing";
import { client as storage } from "../storage";
import * as User from ".";

const HASH = "$2b$04$notarealhashbutnonempty";

function member(u = unique("usr"), extra: Partial<Parameters<typeof User.createMember>[0]> = {}) {
  return User.createMember({
    email: u.email,
    handle: u.handle,
    displayName: u.displayName,
    passwordHash: HASH,
    ...extra,
  });
}

async function conflict(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConflictError);
  return (error as ConflictError).code;
}

const asUser = (userID: string) => ({ type: "user" as const, properties: { userID, sessionID: "s" } });

describe("User uniqueness", () => {
  it("lets exactly one of concurrent sign-ups for one handle win", async () => {
    const handle = unique("race").handle;
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => member({ ...unique("race"), handle })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
    expect((await User.fromHandle(handle)).id).toBe((won[0] as PromiseFulfilledResult<User.Info>).value.id);
  });

  it("lets exactly one of concurrent sign-ups for one email win, and leaves no stray handle guard", async () => {
    const email = unique("race").email;
    const racers = Array.from({ length: 6 }, () => unique("race"));
    const results = await Promise.allSettled(racers.map((u) => member({ ...u, email })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    // The losers' handles are free: their transactions wrote nothing.
    const losers = racers.filter((_, i) => results[i]?.status === "rejected");
    for (const u of losers) await expect(User.fromHandle(u.handle)).rejects.toBeInstanceOf(NotFoundError);
    expect(await member(losers[0])).toMatchObject({ handle: losers[0]!.handle });
  });

  it("names what is taken", async () => {
    const a = unique("taken");
    await member(a);
    expect(await conflict(member({ ...unique("taken"), email: a.email }))).toBe("email_taken");
    expect(await conflict(member({ ...unique("taken"), handle: a.handle }))).toBe("handle_taken");
  });

  it("treats emails and handles case-insensitively", async () => {
    const a = unique("case");
    const created = await member({ ...a, email: a.email.toUpperCase(), handle: a.handle.toUpperCase() });
    expect(created).toMatchObject({ email: a.email, handle: a.handle });
    expect((await User.getItemByEmail(` ${a.email.toUpperCase()} `))?.userID).toBe(created.id);
    expect((await User.fromHandle(a.handle.toUpperCase())).id).toBe(created.id);
    expect(await conflict(member({ ...unique("case"), email: a.email.toUpperCase() }))).toBe("email_taken");
    expect(await conflict(member({ ...unique("case"), handle: a.handle.toUpperCase() }))).toBe(
      "handle_taken",
    );
  });
});

describe("User handles", () => {
  it("follow the rules: 3–30 of a-z, 0-9, _; not reserved", () => {
    for (const handle of ["ab", "x".repeat(31), "has space", "dash-ed", "émile", "admin", "Settings", "api"])
      expect(() => member({ ...unique("rule"), handle })).toThrow(ValidationError);
    expect(User.Handle.parse("  Good_Handle_1 ")).toBe("good_handle_1");
  });

  it("change by swapping guards: the old one is free, the new one taken", async () => {
    const a = unique("swap");
    const b = unique("swap");
    const created = await member(a);
    const newHandle = unique("swapped").handle;
    const updated = await Actor.provide(asUser(created.id), () =>
      User.update({ handle: newHandle.toUpperCase() }),
    );
    expect(updated.handle).toBe(newHandle);
    await expect(User.fromHandle(a.handle)).rejects.toBeInstanceOf(NotFoundError);
    expect((await User.fromHandle(newHandle)).id).toBe(created.id);
    // Someone else can now take the old handle, but not the new one.
    expect(await conflict(member({ ...b, handle: newHandle }))).toBe("handle_taken");
    expect((await member({ ...b, handle: a.handle })).handle).toBe(a.handle);
  });

  it("refuses a handle change to a taken handle, and changes nothing", async () => {
    const a = await member(unique("keep"));
    const b = await member(unique("keep"));
    const error = Actor.provide(asUser(a.id), () =>
      User.update({ handle: b.handle!, displayName: "Changed" }),
    );
    expect(await conflict(error)).toBe("handle_taken");
    expect(await User.get(a.id)).toMatchObject({ handle: a.handle, displayName: a.displayName });
    expect((await User.fromHandle(a.handle!)).id).toBe(a.id);
  });

  it("updates the profile of the caller only", async () => {
    const a = await member(unique("prof"));
    const updated = await Actor.provide(asUser(a.id), () =>
      User.update({ displayName: "  New name ", bio: "Hi" }),
    );
    expect(updated).toMatchObject({ displayName: "New name", bio: "Hi", handle: a.handle });
    await expect(User.update({ bio: "x" })).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe("User lifecycle", () => {
  it("upgrades an anonymous visitor to a member under the same id, once", async () => {
    const anon = await User.createAnonymous();
    expect(anon).toMatchObject({ kind: "anonymous", email: null, handle: null, displayName: "Guest" });
    const u = unique("upgrade");
    const upgraded = await member(u, { upgradeFrom: anon.id });
    expect(upgraded).toMatchObject({ id: anon.id, kind: "member", email: u.email, handle: u.handle });
    expect(upgraded.createdAt).toBe(anon.createdAt);
    expect(await conflict(member(unique("upgrade"), { upgradeFrom: anon.id }))).toBe("already_member");
  });

  it("frees the email and handle of a removed user", async () => {
    const u = unique("gone");
    const created = await member(u);
    await User.remove(created.id);
    await User.remove(created.id); // idempotent
    expect(await User.get(created.id)).toBeUndefined();
    await expect(User.fromHandle(u.handle)).rejects.toBeInstanceOf(NotFoundError);
    const again = await member(u);
    expect(again.id).not.toBe(created.id);
    expect(again.handle).toBe(u.handle);
  });

  it("remembers activity at most once an hour", async () => {
    const created = await member(unique("touch"));
    const item = (await User.getItem(created.id))!;
    await User.touch(created.id, item.lastActiveAt, item.lastActiveAt + 30 * 60_000);
    expect((await User.getItem(created.id))?.lastActiveAt).toBe(item.lastActiveAt);
    await User.touch(created.id, item.lastActiveAt, item.lastActiveAt + 2 * 3_600_000);
    expect((await User.getItem(created.id))?.lastActiveAt).toBe(item.lastActiveAt + 2 * 3_600_000);
  });

  it("gives a guest a 30-day inactivity TTL that activity pushes and sign-up or keep clears", async () => {
    const at = Date.now();
    const guest = await User.createAnonymous(at);
    const expiry = (ms: number) => Math.floor(ms / 1000) + 30 * 86_400;
    expect((await User.getItem(guest.id))?.expiresAt).toBe(expiry(at));
    await User.touch(guest.id, at, at + 2 * 3_600_000, { expiresAt: expiry(at) });
    expect((await User.getItem(guest.id))?.expiresAt).toBe(expiry(at + 2 * 3_600_000));

    // Once kept (it owns something), activity never brings the TTL back.
    await User.keep(guest.id);
    expect((await User.getItem(guest.id))?.expiresAt).toBeUndefined();
    await User.touch(guest.id, at, at + 4 * 3_600_000, { expiresAt: expiry(at) });
    const kept = await User.getItem(guest.id);
    expect(kept?.expiresAt).toBeUndefined();
    expect(kept?.lastActiveAt).toBe(at + 4 * 3_600_000);

    const other = await User.createAnonymous();
    await member(unique("ttl"), { upgradeFrom: other.id });
    expect((await User.getItem(other.id))?.expiresAt).toBeUndefined();
    expect((await User.getItem((await member(unique("ttl"))).id))?.expiresAt).toBeUndefined();
    await expect(User.keep("01NOSUCHUSER")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("grants roles from system code only", async () => {
    const created = await member(unique("role"));
    await expect(
      Actor.provide(asUser(created.id), () => User.setRole(created.id, "admin")),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await Actor.system("test", () => User.setRole(created.id, "admin"))).role).toBe("admin");
    await expect(Actor.system("test", () => User.setRole("01NOSUCHUSER", "admin"))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe("User profile rights", () => {
  it("lets a guest name itself but not take a handle or an avatar", async () => {
    const guest = await User.createAnonymous();
    const asGuest = { type: "anonymous" as const, properties: { userID: guest.id, sessionID: "s" } };
    const named = await Actor.provide(asGuest, () => User.update({ displayName: "Curious", bio: "Lurking" }));
    expect(named).toMatchObject({ kind: "anonymous", displayName: "Curious", bio: "Lurking" });
    await expect(
      Actor.provide(asGuest, () => User.update({ handle: unique("g").handle })),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("takes as avatar only an image the caller uploaded for it, and deletes the one it replaces", async () => {
    const a = await member();
    const b = await member();
    const first = await image({ id: a.id }, "avatar");
    const withAvatar = await Actor.provide(asUser(a.id), () => User.update({ avatarKey: first }));
    // The claim's own copy is stored, under a key no upload form can write.
    const firstMedia = withAvatar.avatarKey;
    expect(firstMedia).toMatch(new RegExp(`^media/${a.id}/`));

    // Another user's upload (or one meant for a post) is refused, and the profile keeps its avatar.
    const others = await image({ id: b.id }, "avatar");
    await expect(
      Actor.provide(asUser(a.id), () => User.update({ avatarKey: others })),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const forPost = await image({ id: a.id }, "post");
    await expect(
      Actor.provide(asUser(a.id), () => User.update({ avatarKey: forPost })),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await User.get(a.id))?.avatarKey).toBe(firstMedia);

    const second = await image({ id: a.id }, "avatar");
    const replaced = await Actor.provide(asUser(a.id), () => User.update({ avatarKey: second }));
    expect(replaced.avatarKey).toMatch(new RegExp(`^media/${a.id}/`));
    expect((await User.get(a.id))?.avatarKey).toBe(replaced.avatarKey);
    const gone = await storage
      .send(new HeadObjectCommand({ Bucket: Resource.Media.name, Key: firstMedia ?? "" }))
      .then(
        () => false,
        (error: { name?: string }) => error.name === "NotFound",
      );
    expect(gone).toBe(true);
  });
});
