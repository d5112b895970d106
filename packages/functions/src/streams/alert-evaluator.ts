import * as Alert from "@bourse/core/alert";
import { streamHandler } from "../lib/stream";
import { changeOf } from "./social-change";

/**
 * Fires alert rules from each new score (an `articleScore` INSERT), exactly once per firing under replay;
 * and keeps watchlist rules on their list's tickers (a `watchlist` MODIFY: changed or deleted).
 */
export const handler = streamHandler("AlertEvaluator", async (record) => {
  const change = changeOf(record);
  const image = change.newImage ?? {};
  if (change.entity === "articleScore" && change.eventName === "INSERT")
    await Alert.evaluate({
      symbol: String(image.symbol),
      articleID: String(image.articleID),
      scoredAt: Number(image.scoredAt),
    });
  else if (change.entity === "watchlist" && change.eventName === "MODIFY")
    await Alert.followWatchlist(
      String(image.ownerID),
      String(image.watchlistID),
      image.deletedAt === undefined ? (image.tickers as string[]) : null,
    );
});
