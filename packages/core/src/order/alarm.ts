import { ulid } from "ulid";
import * as z from "zod";
import * as Actor from "../actor";
import { action, transact } from "../dynamo/transaction";
import * as Email from "../email";
import * as Partner from "../partner";
import * as User from "../user";
import { type Clock, systemClock } from "../util/clock";
import { orderAlarmEpisodes, orderAlarms } from "./entities";
import { perMinute } from "./metrics";

/**
 * A partner's validation-failure alarm: firing while more than 5 % of its events over the last 5 minutes
 * were refused (given enough events to say so), clear otherwise. Evaluated by the OrderMetrics subscriber
 * after each batch and by the OrderAlarms cron every minute (so it clears by itself when traffic stops).
 * Each episode is recorded and mailed to the admins once: the state change is conditional, the mail's id
 * is the episode's.
 */
export const WINDOW_MINUTES = 5;
export const THRESHOLD = 0.05;
/** Fewer events than this in the window say nothing either way (1 refusal of 3 is not an outage). */
export const MIN_EVENTS = 20;

export const State = z.object({
  state: z.enum(["ok", "firing"]),
  since: z.number().nullable().describe("epoch ms of the last change"),
  rate: z.number().describe("failure rate over the window at the last evaluation, 0..1"),
  events: z.number().describe("events in the window at the last evaluation"),
  episodes: z.array(
    z.object({
      id: z.string(),
      startedAt: z.number(),
      endedAt: z.number().nullable(),
      startRate: z.number(),
    }),
  ),
});
export type State = z.infer<typeof State>;

/** Evaluates a partner's alarm now; returns its state after. */
export async function evaluate(partnerID: string, now: Clock = systemClock): Promise<"ok" | "firing"> {
  const minutes = await perMinute(partnerID, WINDOW_MINUTES, now);
  const rejected = minutes.reduce((n, m) => n + m.rejected, 0);
  const events = minutes.reduce((n, m) => n + m.accepted + m.rejected, 0);
  const rate = events > 0 ? rejected / events : 0;
  const firing = events >= MIN_EVENTS && rate > THRESHOLD;
  const at = now().getTime();
  const current = (await orderAlarms.get({ partnerID }).go({ consistent: true })).data;
  const reading = { rate, events, evaluatedAt: at };

  if (firing && current?.state !== "firing") {
    const episodeID = ulid(at);
    const outcome = await transact([
      action(
        orderAlarms
          .put({ partnerID, state: "firing", episodeID, since: at, ...reading, mailed: current?.mailed })
          .where((a, op) => `${op.notExists(a.state)} OR ${op.eq(a.state, "ok")}`),
      ),
      action(orderAlarmEpisodes.create({ partnerID, episodeID, startedAt: at, startRate: rate })),
    ]);
    if (outcome.ok) await mail(partnerID, episodeID, rate, events);
    return "firing";
  }
  if (!firing && current?.state === "firing" && current.episodeID) {
    await transact([
      action(
        orderAlarms
          .patch({ partnerID })
          .set({ state: "ok", since: at, ...reading })
          .where((a, op) => `${op.eq(a.state, "firing")} AND ${op.eq(a.episodeID, current.episodeID ?? "")}`),
      ),
      action(orderAlarmEpisodes.patch({ partnerID, episodeID: current.episodeID }).set({ endedAt: at })),
    ]);
    return "ok";
  }
  // No change: a mail that a crash left unsent goes now (its id makes it once per episode).
  if (current?.state === "firing" && current.episodeID && current.mailed !== current.episodeID)
    await mail(partnerID, current.episodeID, rate, events);
  if (current) await orderAlarms.patch({ partnerID }).set(reading).go();
  return current?.state ?? "ok";
}

async function mail(partnerID: string, episodeID: string, rate: number, events: number) {
  const to = await User.adminEmails();
  if (to.length > 0) {
    const name = await Actor.system("order-alarm", () => Partner.get(partnerID)).then((p) => p.name);
    const base = process.env.BOURSE_PUBLIC_URL;
    await Email.send({
      id: episodeID,
      to: to.slice(0, 50),
      subject: `Order feed alarm: ${name} refuses ${(rate * 100).toFixed(1)} % of events`,
      text: [
        `${name}: ${(rate * 100).toFixed(1)} % of ${events} order events over the last ${WINDOW_MINUTES} minutes failed validation (threshold ${THRESHOLD * 100} %).`,
        "The alarm clears by itself once the rate is back under the threshold.",
        base ? `Dashboard: ${new URL(`/partners/${partnerID}`, base).toString()}` : "",
      ]
        .filter(Boolean)
        .join("\n\n"),
    });
  }
  await orderAlarms.patch({ partnerID }).set({ mailed: episodeID }).go();
}

/** The alarm as the dashboard shows it, with the latest episodes (readers of the partner). */
export async function state(partnerID: string): Promise<State> {
  await Partner.assertReader(partnerID);
  const [alarm, episodes] = await Promise.all([
    orderAlarms.get({ partnerID }).go({ consistent: true }),
    orderAlarmEpisodes.query.primary({ partnerID }).go({ order: "desc", limit: 10 }),
  ]);
  const a = alarm.data;
  return {
    state: a?.state ?? "ok",
    since: a?.since ?? null,
    rate: a?.rate ?? 0,
    events: a?.events ?? 0,
    episodes: episodes.data.map((e) => ({
      id: e.episodeID,
      startedAt: e.startedAt,
      endedAt: e.endedAt ?? null,
      startRate: e.startRate,
    })),
  };
}

/** Every partner's alarm, evaluated (the OrderAlarms cron, as the system). */
export async function sweep(now: Clock = systemClock): Promise<{ partners: number; firing: number }> {
  let cursor: string | undefined;
  let partners = 0;
  let firing = 0;
  do {
    const page = await Partner.list({ limit: 100, cursor });
    for (const p of page.items) {
      partners++;
      if ((await evaluate(p.id, now)) === "firing") firing++;
    }
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return { partners, firing };
}
