export * as Connection from "./connection";

import type { EntityItem } from "electrodb";
import * as z from "zod";
import * as Actor from "../actor";
import * as Session from "../auth/session";
import { ignoreConditionalFailure, isConditionalFailure } from "../dynamo";
import { deleteAll, untilProcessed } from "../dynamo/batch";
import { RateLimitedError, UnauthorizedError, ValidationError } from "../error";
import { type Clock, systemClock } from "../util/clock";
import { fn } from "../util/fn";
import { connections, subscriptions } from "./entities";
import * as Topic from "./topic";

/** API Gateway closes a WebSocket after two hours: the items live as long, unless forgotten sooner. */
export const TTL_SECONDS = 2 * 3600;
/** Concrete topics per connection (a watchlist counts one per ticker). */
export const MAX_TOPICS = 20;
/** Messages a connection may send per window; more are refused (`rate_limited`). */
export const MAX_MESSAGES = 30;
export const RATE_WINDOW_SECONDS = 60;

export type Item = EntityItem<typeof connections>;
export type Member = Extract<Actor.Info, { type: "user" | "anonymous" }>;

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** A new connection of an authenticated actor ($connect). */
export async function open(connectionID: string, actor: Member, now: Clock = systemClock): Promise<void> {
  const at = now();
  await connections
    .create({
      connectionID,
      userID: actor.properties.userID,
      sessionID: actor.properties.sessionID,
      actorType: actor.type,
      openedAt: at.getTime(),
      rateWindow: 0,
      rateCount: 0,
      expiresAt: seconds(at) + TTL_SECONDS,
    })
    .go();
}

export async function get(connectionID: string): Promise<Item | undefined> {
  return (await connections.get({ connectionID }).go({ consistent: true })).data ?? undefined;
}

/** Forgets a connection and its subscriptions ($disconnect, 410 Gone, a revoked session). Idempotent. */
export async function forget(connectionID: string): Promise<void> {
  const item = await get(connectionID);
  if (!item) return;
  await unsubscribe(connectionID, [...(item.topics ?? [])]);
  await connections.delete({ connectionID }).go();
}

/** The connections of a session (to close them when it is revoked). */
export async function ofSession(sessionID: string): Promise<string[]> {
  const found = await connections.query.bySession({ sessionID }).go({ pages: "all" });
  return found.data.map((c) => c.connectionID);
}

/** The connections following a topic. */
export async function following(topic: string): Promise<string[]> {
  const found = await subscriptions.query.primary({ topic }).go({ pages: "all" });
  return found.data.map((s) => s.connectionID);
}

/**
 * The actor a connection acts as, if its session still stands (not revoked or expired). Checked at every
 * message: a session revoked elsewhere is noticed even if the revocation's push never came.
 */
export async function actorOf(item: Item, now: Clock = systemClock): Promise<Member | undefined> {
  const session = await Session.getItem(item.sessionID);
  if (!session || session.revokedAt !== undefined || session.expiresAt <= seconds(now())) return undefined;
  // The standing of the user (a guest upgraded, a password changed) is re-checked by a new $connect.
  return {
    type: item.actorType,
    properties: { userID: item.userID, sessionID: item.sessionID },
  };
}

/** Counts one message of the connection against its rate limit; over it → RateLimitedError. */
export async function hit(connectionID: string, now: Clock = systemClock): Promise<void> {
  const at = seconds(now());
  const window = at - (at % RATE_WINDOW_SECONDS);
  try {
    await connections
      .update({ connectionID })
      .add({ rateCount: 1 })
      .where((a, op) => `${op.eq(a.rateWindow, window)} AND ${op.lt(a.rateCount, MAX_MESSAGES)}`)
      .go();
    return;
  } catch (error) {
    if (!isConditionalFailure(error)) throw error;
  }
  // A new window starts at one; the same window at its limit refuses.
  const reset = await ignoreConditionalFailure(
    connections
      .patch({ connectionID })
      .set({ rateWindow: window, rateCount: 1 })
      .where((a, op) => op.lt(a.rateWindow, window))
      .go(),
  );
  if (!reset) throw new RateLimitedError(window + RATE_WINDOW_SECONDS - at);
}

export const SubscribeInput = z.object({
  topics: z.array(z.string()).max(MAX_TOPICS, `At most ${MAX_TOPICS} topics`),
});

/**
 * Sets what a connection follows to exactly `topics` (the client sends its whole wish list each time, so a
 * replayed or reordered message cannot leave a stale topic), if its session stands and it may read each
 * one. Returns the concrete topics followed.
 */
export const subscribe = /* @__PURE__ */ fn(
  SubscribeInput,
  async ({ topics }, connectionID: string, now: Clock = systemClock): Promise<string[]> => {
    const item = await get(connectionID);
    if (!item) throw new UnauthorizedError("This connection is not open");
    const actor = await actorOf(item, now);
    if (!actor) throw new UnauthorizedError("The session of this connection has ended", "session_ended");
    await hit(connectionID, now);
    const wanted = new Set<string>();
    for (const requested of topics)
      for (const topic of await Actor.provide(actor, () => Topic.resolve(requested))) wanted.add(topic);
    if (wanted.size > MAX_TOPICS)
      throw new ValidationError(`At most ${MAX_TOPICS} topics (tickers count one each)`);
    const had = new Set(item.topics ?? []);
    const added = [...wanted].filter((t) => !had.has(t));
    const removed = [...had].filter((t) => !wanted.has(t));
    const expiresAt = item.expiresAt;
    await untilProcessed("subscribe", added, async (left) => {
      const written = await subscriptions.put(left.map((topic) => ({ topic, connectionID, expiresAt }))).go();
      return (written.unprocessed as { topic: string }[]).map((u) => u.topic);
    });
    // The set is replaced only if the connection is still there (a $disconnect may have raced this).
    const replaced = await ignoreConditionalFailure(
      (wanted.size
        ? connections.patch({ connectionID }).set({ topics: [...wanted] })
        : connections.patch({ connectionID }).remove(["topics"])
      ).go(),
    );
    await unsubscribe(connectionID, replaced ? removed : [...wanted]);
    if (!replaced) throw new UnauthorizedError("This connection is not open");
    return [...wanted];
  },
);

function unsubscribe(connectionID: string, topics: string[]) {
  return deleteAll(
    topics.map((topic) => ({ topic, connectionID })),
    (keys) => subscriptions.delete(keys).go(),
  );
}
