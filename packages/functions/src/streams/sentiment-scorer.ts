import * as News from "@bourse/core/news";
import * as Sentiment from "@bourse/core/sentiment";
import { streamHandler } from "../lib/stream";
import { changeOf } from "./social-change";

/** Scores each new article (or an article's new tickers) once per ticker; replays add nothing. */
export const handler = streamHandler("SentimentScorer", async (record) => {
  const changed = News.changedArticle(changeOf(record));
  if (changed) await Sentiment.record(changed.article, changed.tickers);
});
