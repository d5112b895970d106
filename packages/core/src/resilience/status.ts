/**
 * What the live status page shows in one read: every breaker with its history, every quota, every chaos
 * switch, the mail queue, the last ingestion run's failures, and this instance's caches. Administrators.
 */
import * as z from "zod";
import * as Email from "../email";
import * as News from "../news";
import * as User from "../user";
import { caches } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import * as Breaker from "./breaker";
import * as Chaos from "./chaos";
import * as Quota from "./quota";

/** The newest mails the queue counts are taken from (the outbox is listed newest first). */
export const MAIL_WINDOW = 100;

export const Cache = z.object({
  name: z.string(),
  hits: z.number(),
  misses: z.number(),
  reads: z.number().describe("table reads its misses made"),
  saved: z.number().describe("table reads its hits saved (each as many as a miss makes on average)"),
});

export const Info = z.object({
  breakers: z.array(Breaker.Info),
  quotas: z.array(Quota.Info),
  chaos: z.array(Chaos.Info),
  mail: z.record(z.string(), z.number()).describe(`mails by status among the newest ${MAIL_WINDOW}`),
  lastRun: News.Run.nullable(),
  failures: z
    .array(z.object({ source: z.string(), message: z.string() }))
    .describe("why the last ingestion run's calls failed, per provider"),
  caches: z.array(Cache).describe("this instance's in-memory caches"),
  at: z.number(),
});
export type Info = z.infer<typeof Info>;

export async function get(now: Clock = systemClock): Promise<Info> {
  await User.assertAdmin();
  const [breakers, quotas, chaos, mails, lastRun] = await Promise.all([
    Breaker.list(now),
    Quota.list(now),
    Chaos.list(now),
    Email.list({ limit: MAIL_WINDOW }),
    News.lastRun(),
  ]);
  const mail: Record<string, number> = Object.fromEntries(Email.Status.options.map((s) => [s, 0]));
  for (const m of mails.items) mail[m.status] = (mail[m.status] ?? 0) + 1;
  const failures = lastRun
    ? News.PROVIDERS.flatMap((p) => lastRun.providers[p].errors.map((message) => ({ source: p, message })))
    : [];
  return { breakers, quotas, chaos, mail, lastRun, failures, caches: caches(), at: now().getTime() };
}
