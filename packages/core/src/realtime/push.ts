export * as Push from "./push";

import { createHash } from "node:crypto";
import type { EntityItem } from "electrodb";
import * as z from "zod";
import type { Change } from "../dynamo";
import { getAll, pool, untilProcessed } from "../dynamo/batch";
import type { feedItems } from "../feed/entities";
import * as Order from "../order";
import type { orders } from "../order/entities";
import type { breakerStates } from "../resilience/entities";
import type { sentimentHours } from "../sentiment/entities";
import type { notifications } from "../social/entities";
import { type Clock, systemClock } from "../util/clock";
import * as Connection from "./connection";
import { marks } from "./entities";
import * as Gateway from "./gateway";
import * as Topic from "./topic";

/**
 * What a socket receives: `id` is derived from the stream record and the topic, so a record delivered twice
 * (streams deliver at least once) yields the same id; the browser drops an id it has seen.
 */
export const Message = z.object({
  id: z.string(),
  topic: z.string(),
  type: z.enum(["notification", "feed.post", "sentiment", "order", "breaker"]),
  data: z.record(z.string(), z.unknown()),
});
export type Message = z.infer<typeof Message>;

/** Replay guards live a day: a stream keeps its records for one. */
const MARK_SECONDS = 86_400;
/** Posts in flight at once per message. */
const PARALLEL = 16;

const idOf = (change: Change, topic: string) =>
  createHash("sha256").update(`${change.eventID}|${topic}`).digest("base64url").slice(0, 22);

/** The messages a stream record makes (none for records nobody watches). */
export function messagesOf(change: Change): Message[] {
  const image = change.newImage;
  if (!image || change.eventName === "REMOVE") return [];
  const message = (topic: string, type: Message["type"], data: Record<string, unknown>): Message[] => [
    { id: idOf(change, topic), topic, type, data },
  ];
  switch (change.entity) {
    case "notification": {
      const n = image as EntityItem<typeof notifications>;
      return message(Topic.notifications(n.recipientID), "notification", {
        id: n.groupKey,
        type: n.type,
        read: n.read,
        actorCount: n.actorCount,
        updatedAt: n.updatedAt,
      });
    }
    case "feedItem": {
      if (change.eventName !== "INSERT") return [];
      const f = image as EntityItem<typeof feedItems>;
      return message(Topic.feed(f.readerID), "feed.post", { postID: f.postID, authorID: f.authorID });
    }
    case "sentimentHour": {
      const s = image as EntityItem<typeof sentimentHours>;
      const { symbol, hour, sum, count, bullish, bearish, neutral } = s;
      return message(Topic.sentiment(symbol), "sentiment", {
        symbol,
        hour,
        sum,
        count,
        bullish,
        bearish,
        neutral,
      });
    }
    case "order": {
      if (change.eventName !== "INSERT") return [];
      const o = image as EntityItem<typeof orders>;
      return message(Topic.orders(o.partnerID), "order", { partnerID: o.partnerID, ...Order.toInfo(o) });
    }
    case "breakerState": {
      const b = image as EntityItem<typeof breakerStates>;
      // Failure counts move often; watchers care about the state.
      if ((change.oldImage as typeof b | undefined)?.state === b.state) return [];
      return message(Topic.BREAKERS, "breaker", {
        service: b.service,
        state: b.state,
        changedAt: b.changedAt,
      });
    }
    default:
      return [];
  }
}

export interface Outcome {
  sent: number;
  gone: number;
  skipped: number;
  /** The index of the first record whose delivery failed (it and the later ones are to be retried). */
  failedAt?: number;
}

/**
 * Posts the messages of a batch of records to the connections following their topics, forgetting those that
 * are gone (410). The batch costs one Query per topic, then, for the messages someone follows, one BatchGet
 * and one batch write of marks, the posts running in parallel: order between messages is not kept (the
 * browser only refetches what they name).
 *
 * A message already sent in full (its mark) is skipped; the mark is written after the posts, so a delivery
 * cut short is sent again in full (the browser drops the ids it has seen) rather than lost. A post that fails
 * otherwise fails its record: `failedAt` says from where the stream must retry.
 */
export async function deliver(
  changes: Change[],
  gateway: Gateway.Gateway = Gateway.management(),
  now: Clock = systemClock,
): Promise<Outcome> {
  const outcome: Outcome = { sent: 0, gone: 0, skipped: 0 };
  const all = changes.flatMap((change, index) => messagesOf(change).map((message) => ({ message, index })));
  // Topics first: a message nobody follows costs its topic's Query and nothing else (no mark).
  const topics = [...new Set(all.map((m) => m.message.topic))];
  const followers = new Map(
    await pool(topics, PARALLEL, async (topic) => [topic, await Connection.following(topic)] as const),
  );
  const messages = all.filter((m) => followers.get(m.message.topic)?.length);
  if (messages.length === 0) return outcome;
  const keys = [...new Set(messages.map((m) => m.message.id))].map((messageID) => ({ messageID }));
  const found = await getAll(keys, (left) => marks.get(left).go({ consistent: true }));
  const marked = new Set(found.map((m) => m.messageID));
  const todo = messages.filter((m) => !marked.has(m.message.id));
  outcome.skipped = messages.length - todo.length;
  const failed = new Set<number>();
  const gone = new Set<string>();
  await pool(todo, PARALLEL, async ({ message, index }) => {
    const data = JSON.stringify(message);
    try {
      await pool(followers.get(message.topic) ?? [], PARALLEL, async (connectionID) => {
        if ((await gateway.post(connectionID, data)) === "sent") outcome.sent++;
        else gone.add(connectionID);
      });
    } catch {
      failed.add(index);
    }
  });
  outcome.gone = gone.size;
  await pool([...gone], PARALLEL, (connectionID) => Connection.forget(connectionID));
  const expiresAt = Math.floor(now().getTime() / 1000) + MARK_SECONDS;
  const sent = todo.filter((m) => !failed.has(m.index)).map((m) => ({ messageID: m.message.id, expiresAt }));
  const byID = new Map(sent.map((m) => [m.messageID, m]));
  await untilProcessed("push marks", sent, async (left) => {
    // ElectroDB gives back the keys of what it could not write: the marks are found again by id.
    const { unprocessed } = await marks.put(left).go();
    return (unprocessed as { messageID: string }[]).flatMap((u) => byID.get(u.messageID) ?? []);
  });
  if (failed.size) outcome.failedAt = Math.min(...failed);
  return outcome;
}

/** A session revoked: its sockets are closed and forgotten (a socket cannot outlive its session). */
export async function closeRevoked(change: Change, gateway: Gateway.Gateway = Gateway.management()) {
  const session = change.newImage as { sessionID?: string; revokedAt?: number } | undefined;
  if (change.entity !== "session" || !session?.sessionID || session.revokedAt === undefined) return 0;
  const open = await Connection.ofSession(session.sessionID);
  await pool(open, PARALLEL, async (connectionID) => {
    await gateway.close(connectionID);
    await Connection.forget(connectionID);
  });
  return open.length;
}

/**
 * What the RealtimePush subscriber does with a batch: revoked sessions' sockets are closed first (a message
 * of the same batch must not reach them), then the messages go out.
 */
export async function handle(changes: Change[], gateway: Gateway.Gateway = Gateway.management()) {
  const sessions = changes.filter((c) => c.entity === "session");
  const closed = (await pool(sessions, PARALLEL, (change) => closeRevoked(change, gateway))).reduce(
    (a, b) => a + b,
    0,
  );
  return { closed, ...(await deliver(changes, gateway)) };
}
