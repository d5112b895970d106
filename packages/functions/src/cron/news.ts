import { MetricUnit } from "@aws-lambda-powertools/metrics";
import * as Actor from "@bourse/core/actor";
import * as News from "@bourse/core/news";
import * as Watchlist from "@bourse/core/watchlist";
import type { ScheduledEvent } from "aws-lambda";
import { lambda, logger, metrics } from "../lib/lambda";

/**
 * Every 5 minutes: the news of every ticker on an active watchlist, from both providers, stored once per
 * story; the run is recorded. A provider failing or answering badly costs only its stories (logged and
 * counted); the run itself fails only when our own table does. The run keeps the function's deadline (its
 * timeout, as Lambda counts it down): near it, no provider call starts, and the run says what it skipped.
 */
export const handler = lambda<ScheduledEvent, News.Run>(
  (event) => event.id,
  (event, context) =>
    Actor.system("news-cron", async () => {
      // Lambda's context counts the timeout down (a caller without one gets no deadline).
      const left = context?.getRemainingTimeInMillis?.();
      const deadline = left === undefined ? undefined : Date.now() + left;
      const symbols = await Watchlist.watchedSymbols();
      const run = await News.ingest(symbols, undefined, { deadline });
      for (const provider of News.PROVIDERS) {
        const stats = run.providers[provider];
        for (const problem of stats.errors) logger.warn("news provider problem", { provider, problem });
        metrics.addMetric(`News${cap(provider)}Stored`, MetricUnit.Count, stats.stored);
        metrics.addMetric(`News${cap(provider)}Skipped`, MetricUnit.Count, stats.skipped);
        metrics.addMetric(`News${cap(provider)}Failures`, MetricUnit.Count, stats.failures);
        for (const [why, n] of Object.entries(stats.notCalled))
          if (n > 0) logger.warn("news provider calls not made", { provider, why, calls: n });
      }
      logger.info("news ingested", { event: event.id, run });
      return run;
    }),
);

const cap = (name: string) => name[0]?.toUpperCase() + name.slice(1);
