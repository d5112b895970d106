import { Metrics } from "@bourse/core/metrics";
import { prom, scrapeTokenOf, setSnapshot, withScrapeToken } from "@/server/metrics";
import { route } from "@/server/respond";

/** The Prometheus exposition: for a scraper with the stage's MetricsScrapeToken (as a bearer), or an admin. */
const scrape = withScrapeToken(
  route(async (req, { log }) => {
    await Metrics.assertScraper(scrapeTokenOf(req));
    // A scrape still answers when the table is down: bourse_snapshot_up says so.
    const snapshot = await Metrics.latest().catch((error: unknown) => {
      log.warn("Latest metrics snapshot unavailable", error instanceof Error ? error : String(error));
      return null;
    });
    setSnapshot(snapshot);
    return new Response(await prom.registry.metrics(), {
      headers: { "content-type": prom.registry.contentType, "cache-control": "no-store" },
    });
  }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: scrape });
