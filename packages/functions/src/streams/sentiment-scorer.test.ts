import { marshall } from "@aws-sdk/util-dynamodb";
import { ENTITY_ATTRIBUTE } from "@bourse/core/dynamo";
import { Sentiment } from "@bourse/core/sentiment";
import { SentimentModel } from "@bourse/core/sentiment/model";
import { setCachesEnabled } from "@bourse/core/util/cache";
import type { AttributeValue, Context, DynamoDBRecord } from "aws-lambda";
import { ulid } from "ulid";
import { beforeAll, expect, it } from "vitest";
import { handler } from "./sentiment-scorer";

const context = {
  awsRequestId: "test",
  functionName: "SentimentScorer",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

// Reads must see the table, not this worker's cache.
beforeAll(() => setCachesEnabled(false));

let sequence = 0;
const image = (item: Record<string, unknown>) =>
  marshall({ ...item, [ENTITY_ATTRIBUTE]: "article" }, { removeUndefinedValues: true }) as unknown as Record<
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
    tickers: new Set(article.tickers),
    providers: new Set(["tiingo"]),
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
      ...(before ? { OldImage: image({ ...item, tickers: new Set(before) }) } : {}),
    },
  };
}

const now = Date.now();
// Listed tickers no other test ingests or watches.
const [A, B, C] = ["PEP", "KO", "WMT"] as const;
const articles = [
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
  const scored = articles.filter((a) => a.tickers.includes(symbol)).map((a) => SentimentModel.score(a.title));
  const mean = scored.reduce((n, s) => n + s.score, 0) / scored.length;
  return { articles: scored.length, score: Math.round(mean * 1000) / 1000 };
}

it("scores each article once per ticker: a replayed batch, even twice at once, changes no aggregate", async () => {
  const batch = { Records: articles.map((a) => record("INSERT", a)) };
  expect((await handler(batch, context)).batchItemFailures).toEqual([]);
  const once = await Promise.all([A, B].map((s) => Sentiment.forTicker(s)));
  expect(once[0]?.week).toMatchObject(expected(A));
  expect(once[1]?.week).toMatchObject(expected(B));
  expect(once[0]?.articles.map((a) => a.title)).toEqual([articles[0]?.title, articles[1]?.title]);

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
