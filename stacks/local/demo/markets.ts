import * as Actor from "@bourse/core/actor";
import * as User from "@bourse/core/user";
import * as Watchlist from "@bourse/core/watchlist";
import { crons } from "../../topology";
import { scheduledEvent } from "../crons";
import { REGION } from "../env";
import { invokeHandler } from "../handlers";

/** The demo member's watchlists (tickers the local news servers have recorded headlines for). */
export const DEMO_WATCHLISTS = [
  { name: "Big tech", tickers: ["AAPL", "MSFT", "NVDA", "AMZN"] },
  { name: "EVs and autos", tickers: ["TSLA", "F", "GM"] },
] as const;
const OWNER = "ben";

/**
 * Two watchlists for the demo member `ben`, then one run of the News cron, the real handler against the
 * local news servers, so the first start has ingested news; the platform's scorer scores it as it lands.
 */
export async function seedMarkets() {
  const ben = await User.fromHandle(OWNER);
  const as = <R>(run: () => Promise<R>) =>
    Actor.provide({ type: "user", properties: { userID: ben.id, sessionID: "demo-seed" } }, run);
  // A data folder seeded halfway (an interrupted first run) keeps what it has.
  const existing = await as(() => Watchlist.list());
  if (existing.length === 0)
    for (const list of DEMO_WATCHLISTS)
      await as(() => Watchlist.create({ ...list, tickers: [...list.tickers] }));

  const cron = crons.find((c) => c.name === "News");
  if (!cron) throw new Error("the topology has no News cron");
  await invokeHandler(cron.handler, scheduledEvent(cron.name, new Date(), REGION), {
    functionName: `demo-seed-${cron.name}`,
    timeoutMs: 60_000,
  });
}
