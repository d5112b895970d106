import * as Metrics from "@bourse/core/metrics";
import { exposition, scrapeTokenOf, setSnapshot, withScrapeToken } from "@/server/metrics";
import { route } from "@/server/respond";

/**
 * The Prometheus exposition, for a scraper with the stage's MetricsScrapeToken (as a bearer) or an admin:
 * the deployment-wide series from the table, then this instance's process metrics.
 */
const scrape = withScrapeToken(
  route(async (req, { log }) => {
    await Metrics.assertScraper(scrapeTokenOf(req));
    // A scrape still answers when the table is down: bourse_snapshot_up says so.
    const snapshot = await Metrics.latest().catch((error: unknown) => {
      log.warn("Latest metrics snapshot unavailable", error instanceof Error ? error : String(error));
      return null;
    });
    setSnapshot(snapshot);
    const shared = await Metrics.Series.cumulative().catch((error: unknown) => {
      log.warn("Deployment-wide series unavailable", error instanceof Error ? error : String(error));
      return new Map<string, number>();
    });
    return new Response(await exposition(shared), {
      headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
    });
  }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: scrape });
