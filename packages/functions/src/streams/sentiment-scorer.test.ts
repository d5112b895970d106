import { marshall } from "@aws-sdk/util-dynamodb";
import * as Sentiment from "@bourse/core/sentiment";
import * as SentimentModel from "@bourse/core/sentiment/model";
import { setCachesEnabled } from "@bourse/core/util/cache";
import type { AttributeValue, Context, DynamoDBRecord } from "aws-lambda";
import { ulid } from "ulid";
import { afterAll, beforeAll, expect, it } from "vitest";
import { articles } from "../../../core/src/news/entities";
import { handler } from "./sentiment-scorer";

const context = {
  awsRequestId: "test",
  functionName: "SentimentScorer",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

// Reads must see the table, not this worker's cache; on again after, for the files that share this worker
// (the app project does not isolate files: vitest.config.ts).
beforeAll(() => setCachesEnabled(false));
afterAll(() => setCachesEnabled(true));

let sequence = 0;
/** The item as the table holds it (keys and ElectroDB's identifiers included), marshalled as streams carry it. */
const image = (item: Parameters<typeof articles.create>[0]) =>
  marshall(articles.put(item).params().Item, { removeUndefinedValues: true }) as unknown as Record<
    string,
    AttributeValue
  >;

/** An article stream record as DynamoDB delivers it (ElectroDB's attribute names; sets as string sets). */
function record(
  eventName: "INSERT" | "MODIFY",
  article: { title: string; tickers: string[]; publishedAt: number },
  before?: string[],
): DynamoDBRecord {
  const item = {
    articleID: `test-${article.title.length}-${article.publishedAt}`,
    url: `https://example.com/${article.publishedAt}`,
    title: article.title,
    source: "example.com",
    publishedAt: article.publishedAt,
    tickers: article.tickers,
    providers: ["tiingo"],
    headlineKey: `h-${article.publishedAt}`,
    fetchedAt: article.publishedAt,
    expiresAt: Math.floor(article.publishedAt / 1000) + 86_400,
  };
  return {
    eventID: ulid(),
    eventName,
    dynamodb: {
      SequenceNumber: String(++sequence).padStart(21, "0"),
      NewImage: image(item),
      ...(before ? { OldImage: image({ ...item, tickers: before }) } : {}),
    },
  };
}

const now = Date.now();
// Listed tickers no other test ingests or watches (the articles are not in the table: only their records).
const A: string = "PEP";
const B: string = "KO";
const C: string = "WMT";
const stories = [
  {
    title: "PepsiCo beats estimates and raises its full-year outlook",
    tickers: [A],
    publishedAt: now - 60_000,
  },
  {
    title: "Coca-Cola and PepsiCo shares fall after a downgrade",
    tickers: [A, B],
    publishedAt: now - 3_600_000,
  },
  { title: "Coca-Cola to hold its annual meeting in April", tickers: [B], publishedAt: now - 86_400_000 * 2 },
];

function expected(symbol: string) {
  const scored = stories.filter((a) => a.tickers.includes(symbol)).map((a) => SentimentModel.score(a.title));
  const mean = scored.reduce((n, s) => n + s.score, 0) / scored.length;
  return { articles: scored.length, score: Math.round(mean * 1000) / 1000 };
}

it("scores each article once per ticker: a replayed batch, even twice at once, changes no aggregate", async () => {
  const batch = { Records: stories.map((a) => record("INSERT", a)) };
  expect((await handler(batch, context)).batchItemFailures).toEqual([]);
  const once = await Promise.all([A, B].map((s) => Sentiment.forTicker(s)));
  expect(once[0]?.week).toMatchObject(expected(A));
  expect(once[1]?.week).toMatchObject(expected(B));
  expect(once[0]?.articles.map((a) => a.title)).toEqual([stories[0]?.title, stories[1]?.title]);

  const replays = await Promise.all([handler(batch, context), handler(batch, context)]);
  for (const r of replays) expect(r.batchItemFailures).toEqual([]);
  expect(await Promise.all([A, B].map((s) => Sentiment.forTicker(s)))).toEqual(once);
});

it("scores only the tickers a MODIFY adds, once", async () => {
  const article = {
    title: "Walmart and Coca-Cola sign a delivery deal",
    tickers: [C],
    publishedAt: now - 7_200_000,
  };
  await handler({ Records: [record("INSERT", article)] }, context);
  const before = await Sentiment.forTicker(C);
  expect(before.week.articles).toBe(1);

  const widened = record("MODIFY", { ...article, tickers: [C, B] }, [C]);
  const bBefore = (await Sentiment.forTicker(B)).week.articles;
  for (let i = 0; i < 2; i++)
    expect((await handler({ Records: [widened] }, context)).batchItemFailures).toEqual([]);
  expect((await Sentiment.forTicker(C)).week.articles).toBe(1);
  expect((await Sentiment.forTicker(B)).week.articles).toBe(bBefore + 1);
});
