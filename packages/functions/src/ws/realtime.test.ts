import * as Actor from "@bourse/core/actor";
import * as Session from "@bourse/core/auth/session";
import { event, partner, push } from "@bourse/core/order/testing";
import * as Partner from "@bourse/core/partner";
import * as Connection from "@bourse/core/realtime/connection";
import * as Gateway from "@bourse/core/realtime/gateway";
import * as Push from "@bourse/core/realtime/push";
import { connect } from "@bourse/core/realtime/testing";
import * as Ticket from "@bourse/core/realtime/ticket";
import * as Like from "@bourse/core/social/like";
import { as, member, post } from "@bourse/core/social/testing";
import { ulid } from "ulid";
import { afterEach, describe, expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";

/** A member with a real session and its access token, as a client holds them. */
async function signedIn(name: string) {
  const who = await member(name);
  const tokens = await Session.start({ userID: who.id });
  return { ...who, token: tokens.accessToken, sessionID: tokens.sessionID };
}

const open: { close(): void }[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});
async function socket(query: Record<string, string>, headers?: Record<string, string>) {
  const client = await connect(query, headers);
  open.push(client);
  return client;
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: { status?: number }) => e.status ?? -1,
  );

describe("$connect", () => {
  it("refuses a socket without credentials, with a bad token, or a cookie from another site", async () => {
    const ana = await signedIn("Ana");
    expect(await refusal(socket({}))).toBe(401);
    expect(await refusal(socket({ token: "not-a-token" }))).toBe(401);
    expect(await refusal(socket({ ticket: "x".repeat(43) }))).toBe(401);
    const cookie = { cookie: `bourse_at=${ana.token}` };
    expect(await refusal(socket({}, { ...cookie, origin: "https://evil.example" }))).toBe(401);
    // The same cookie from a page of ours opens it.
    const ok = await socket({}, { ...cookie, origin: new URL(process.env.BOURSE_PUBLIC_URL ?? "").origin });
    expect(ok.socket.readyState).toBe(ok.socket.OPEN);
  });

  it("takes a one-time ticket once", async () => {
    const ana = await signedIn("Ana");
    const { ticket } = await Actor.provide(await Session.authenticate(ana.token), () => Ticket.issue());
    const first = await socket({ ticket });
    expect((await first.subscribe([`notifications:${ana.id}`])).type).toBe("subscribed");
    expect(await refusal(socket({ ticket }))).toBe(401);
  });
});

describe("ping", () => {
  it("answers a keep-alive with a pong, without a subscription", async () => {
    const ana = await signedIn("Ana");
    const client = await socket({ token: ana.token });
    client.socket.send(JSON.stringify({ action: "ping" }));
    expect(await client.next((m) => m.type === "pong")).toEqual({ type: "pong" });
  });
});

describe("subscribe", () => {
  it("allows one's own notifications and feed, refuses another member's", async () => {
    const [ana, ben] = await Promise.all([signedIn("Ana"), signedIn("Ben")]);
    const client = await socket({ token: ana.token });
    expect(await client.subscribe([`notifications:${ana.id}`, `feed:${ana.id}`])).toMatchObject({
      type: "subscribed",
      topics: [`notifications:${ana.id}`, `feed:${ana.id}`],
    });
    for (const topic of [`notifications:${ben.id}`, `feed:${ben.id}`, "breakers"])
      expect(await client.subscribe([topic])).toMatchObject({ type: "error", error: { code: "forbidden" } });
    expect(await client.subscribe(["nonsense"])).toMatchObject({ error: { code: "validation_failed" } });
  });

  it("gives a partner's order flow to its operators only", async () => {
    const [mine, theirs, operator] = await Promise.all([partner(), partner(), signedIn("Operator")]);
    await as(mine.admin, () => Partner.addOperator({ partnerID: mine.id, handle: operator.handle }));
    const client = await socket({ token: operator.token });
    expect(await client.subscribe([`orders:${theirs.id}`])).toMatchObject({ error: { code: "forbidden" } });
    expect(await client.subscribe([`orders:${mine.id}`])).toMatchObject({ type: "subscribed" });

    await push(mine.actor, event(`o-${ulid()}`));
    await push(theirs.actor, event(`o-${ulid()}`));
    const order = await client.next((m) => m.type === "order");
    expect(order).toMatchObject({ topic: `orders:${mine.id}`, data: { partnerID: mine.id, symbol: "AAPL" } });
    await platformIdle();
    expect(client.messages.filter((m) => m.type === "order")).toHaveLength(1);
  });

  it("limits the topics and the message rate of a connection", async () => {
    const ana = await signedIn("Ana");
    const client = await socket({ token: ana.token });
    const many = Array.from({ length: Connection.MAX_TOPICS + 1 }, () => `orders:${ulid()}`);
    expect(await client.subscribe(many)).toMatchObject({ error: { code: "validation_failed" } });
    const [connectionID = ""] = await Connection.ofSession(ana.sessionID);
    // A window's worth of messages (counted as the socket's are), then one more through the socket.
    const inWindow = () => Date.now() % (Connection.RATE_WINDOW_SECONDS * 1000);
    if (inWindow() > (Connection.RATE_WINDOW_SECONDS - 10) * 1000)
      await new Promise((r) => setTimeout(r, Connection.RATE_WINDOW_SECONDS * 1000 - inWindow() + 50));
    for (let i = 0; i < Connection.MAX_MESSAGES; i++) await Connection.hit(connectionID);
    expect(await client.subscribe([`notifications:${ana.id}`])).toMatchObject({
      error: { code: "rate_limited" },
    });
    // The next window starts afresh.
    const later = () => new Date(Date.now() + Connection.RATE_WINDOW_SECONDS * 1000);
    await expect(Connection.hit(connectionID, later)).resolves.toBeUndefined();
  });
});

describe("push", () => {
  it("sends a like on Ana's post to Ana's socket, not to Ben's", async () => {
    const [ana, ben, cy] = await Promise.all([signedIn("Ana"), signedIn("Ben"), member("Cy")]);
    const p = await post(ana);
    const anaSocket = await socket({ token: ana.token });
    const benSocket = await socket({ token: ben.token });
    await anaSocket.subscribe([`notifications:${ana.id}`]);
    await benSocket.subscribe([`notifications:${ben.id}`]);
    await as(cy, () => Like.like(p.id));
    const message = await anaSocket.next((m) => m.type === "notification");
    expect(message).toMatchObject({ topic: `notifications:${ana.id}`, data: { type: "like" } });
    await platformIdle();
    expect(benSocket.messages.filter((m) => m.type === "notification")).toHaveLength(0);
  });

  it("sends nothing again for a replayed record, and forgets gone connections (410)", async () => {
    const ana = await signedIn("Ana");
    const client = await socket({ token: ana.token });
    await client.subscribe([`feed:${ana.id}`]);
    // A connection whose socket is long gone, still following the topic.
    const gone = `gone${ulid()}`;
    await Connection.open(gone, await Session.authenticate(ana.token));
    await Actor.provide(await Session.authenticate(ana.token), async () => {
      await Connection.subscribe({ topics: [`feed:${ana.id}`] }, gone);
    });
    const change = {
      eventID: ulid(),
      eventName: "INSERT" as const,
      entity: "feedItem",
      newImage: { readerID: ana.id, postID: ulid(), authorID: ulid() },
    };
    const first = await Push.deliver([change], Gateway.management());
    expect(first).toEqual({ sent: 1, gone: 1, skipped: 0 });
    expect(await Connection.get(gone)).toBeUndefined();
    expect(await Connection.following(`feed:${ana.id}`)).toHaveLength(1);
    const again = await Push.deliver([change], Gateway.management());
    expect(again).toEqual({ sent: 0, gone: 0, skipped: 1 });
    await client.next((m) => m.type === "feed.post");
    await platformIdle();
    expect(client.messages.filter((m) => m.type === "feed.post")).toHaveLength(1);
  });

  it("closes the sockets of a revoked session", async () => {
    const ana = await signedIn("Ana");
    const client = await socket({ token: ana.token });
    await client.subscribe([`notifications:${ana.id}`]);
    const [connectionID] = await Connection.ofSession(ana.sessionID);
    await Session.revoke(ana.sessionID);
    expect(await client.closed).toBe(1000);
    await platformIdle();
    expect(connectionID && (await Connection.get(connectionID))).toBeUndefined();
  });

  it("acts for a connection only while its session stands (checked at each message)", async () => {
    const ana = await signedIn("Ana");
    const id = `c${ulid()}`;
    await Connection.open(id, await Session.authenticate(ana.token));
    const item = await Connection.get(id);
    expect(item && (await Connection.actorOf(item))).toMatchObject({ properties: { userID: ana.id } });
    const afterExpiry = () => new Date(Date.now() + (Session.REFRESH_TTL_SECONDS + 60) * 1000);
    expect(item && (await Connection.actorOf(item, afterExpiry))).toBeUndefined();
    await expect(Connection.subscribe({ topics: [] }, id, afterExpiry)).rejects.toMatchObject({
      code: "session_ended",
    });
    await Connection.forget(id);
  });
});
