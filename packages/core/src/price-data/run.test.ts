import { readFileSync } from "node:fs";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { Resource } from "sst";
import { describe, expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import * as Actor from "../actor";
import { mailedTo } from "../email/testing";
import {
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from "../error";
import { client as s3 } from "../storage";
import * as PriceRun from "./run";
import { as, post, realBatch, upload, uploader } from "./testing";
import { expectClose } from "./testing/compare";

const fixture = JSON.parse(readFileSync(new URL("./testing/metrics.fixture.json", import.meta.url), "utf8"));

const objects = async (prefix: string) =>
  (
    (await s3.send(new ListObjectsV2Command({ Bucket: Resource.Data.name, Prefix: prefix }))).Contents ?? []
  ).map((o) => o.Key);

async function finished(who: { id: string }, runID: string) {
  await platformIdle(60_000);
  return as(who, () => PriceRun.get(runID));
}

const CSV_HEADER = "Date,Open,High,Low,Close,Volume";
const row = (date: string, o = 10, h = 12, l = 9, c = 11, v = 1000) => `${date},${o},${h},${l},${c},${v}`;

describe("PriceRun (on the local platform)", () => {
  it("the 12 real series as one batch: ingested, analysed as the independent computation says, reported once", async () => {
    const who = await uploader();
    const runID = await upload(who, {
      filename: "stocks.json",
      contentType: "application/json",
      body: realBatch(),
    });
    const run = await finished(who, runID);
    expect(run).toMatchObject({
      status: "done",
      counts: { rows: 12 * 1258, valid: 12 * 1258, rejected: 0 },
      symbols: fixture.symbols.map((s: { symbol: string }) => s.symbol),
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    for (const step of ["queued", "uploaded", "ingestStarted", "ingested", "analysed"])
      expect(run.timings, step).toHaveProperty(step, expect.any(Number));
    expectClose(run.analysis?.metrics, fixture.symbols);
    expectClose(run.analysis?.aggregates, fixture.aggregates);
    expect(run.analysis?.summary).toMatchObject({
      source: "numbers",
      costUsd: 0,
      note: expect.stringContaining("numbers"),
    });
    expect(await objects(`processed/${runID}/`)).toEqual(
      expect.arrayContaining([`processed/${runID}/valid.jsonl`, `processed/${runID}/series/AAPL.json`]),
    );

    const series = await as(who, () => PriceRun.series(runID, "AAPL"));
    expect(series.candles).toHaveLength(1258);
    expect(series.candles[0]?.time).toBe("2012-09-04");
    expect(series.sma20).toHaveLength(1258 - 19);
    expect(series.sma50.at(-1)?.value).toBeCloseTo(fixture.symbols[0].sma50, 9);

    const mails = await mailedTo(who.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toContain("stocks.json");
    expect(mail?.html).toContain(`http://localhost/price-data/${runID}`);
    expect(mail?.html).toContain(run.correlationId);
    expect(mail?.html).toContain("AMZN");
  });

  it("a file with injected bad rows: exactly the expected reasons, rejects paged in file order", async () => {
    const who = await uploader();
    const lines = [
      `${CSV_HEADER},Symbol`,
      `${row("2017-01-03")},AAA`,
      `${row("2017-01-04", 10, 12, 9, 11, -5)},AAA`, // negative_volume
      `2017-01-05,ten,12,9,11,1000,AAA`, // not_a_number
      `2017-01-06,10,12,9,,1000,AAA`, // missing_field
      `${row("2017-01-09", 0, 12, 0, 11)},AAA`, // non_positive_price
      `${row("2017-01-10", 10, 10.5, 9, 11)},AAA`, // high_below_range
      `${row("2017-01-11", 10, 12, 10.5, 11)},AAA`, // low_above_range
      `${row("2017-02-30")},AAA`, // bad_date
      `${row("2099-01-02")},AAA`, // future_date
      `${row("2017-01-03", 10, 12, 9, 11.5)},AAA`, // duplicate
      `${row("2017-01-03")},BBB`,
      `2017-01-12,x,8,9,11,-1,AAA`, // not_a_number, high_below_range, low_above_range, negative_volume
    ];
    const runID = await upload(who, {
      filename: "mixed.csv",
      contentType: "text/csv",
      body: lines.join("\n"),
    });
    const run = await finished(who, runID);
    expect(run).toMatchObject({
      status: "done",
      symbols: ["AAA", "BBB"],
      counts: { rows: 12, valid: 2, rejected: 10 },
    });
    expect(run.counts?.reasons).toEqual({
      missing_field: 1,
      not_a_number: 2,
      non_positive_price: 1,
      high_below_range: 2,
      low_above_range: 2,
      negative_volume: 2,
      bad_date: 1,
      future_date: 1,
      duplicate: 1,
    });
    const first = await as(who, () => PriceRun.rejects({ runID, limit: 4 }));
    const rest = await as(who, () => PriceRun.rejects({ runID, limit: 100, cursor: first.cursor }));
    expect(rest.cursor).toBeNull();
    const all = [...first.items, ...rest.items];
    expect(all.map((r) => [r.index, r.reasons])).toEqual([
      [1, ["negative_volume"]],
      [2, ["not_a_number"]],
      [3, ["missing_field"]],
      [4, ["non_positive_price"]],
      [5, ["high_below_range"]],
      [6, ["low_above_range"]],
      [7, ["bad_date"]],
      [8, ["future_date"]],
      [9, ["duplicate"]],
      [11, ["not_a_number", "high_below_range", "low_above_range", "negative_volume"]],
    ]);
    expect(all[1]).toMatchObject({
      symbol: "AAA",
      datetime: "2017-01-05",
      row: { date: "2017-01-05", open: "ten" },
    });
    await expect(as(who, () => PriceRun.rejects({ runID, cursor: "garbage!" }))).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("the same file twice is processed once: the second run is a duplicate of the first; a replayed event makes no run", async () => {
    const who = await uploader();
    const body = [CSV_HEADER, row("2017-01-03"), row("2017-01-04")].join("\n");
    const firstID = await upload(who, { filename: "DUP.csv", contentType: "text/csv", body });
    const secondID = await upload(who, { filename: "DUP-again.csv", contentType: "text/csv", body });
    const [first, second] = [await finished(who, firstID), await finished(who, secondID)];
    expect(first).toMatchObject({ status: "done", counts: { valid: 2 } });
    expect(second).toMatchObject({
      status: "duplicate",
      duplicateOf: firstID,
      counts: null,
      etag: first.etag,
    });
    expect(await objects(`processed/${secondID}/`)).toEqual([]);

    // The S3 event again, as a redelivery brings it: the run is taken, nothing happens.
    const replay = await PriceRun.ingest({
      key: `inputs/${who.id}/${firstID}.csv`,
      etag: first.etag ?? "",
      size: 10,
    });
    expect(replay).toMatchObject({ outcome: "replayed", runID: firstID });
    await platformIdle();
    const runs = await as(who, () => PriceRun.list({ limit: 10 }));
    expect(runs.items.map((r) => r.id)).toEqual([secondID, firstID]);
    expect(await mailedTo(who.email)).toHaveLength(1);
    // Another owner's identical bytes are not a duplicate of this one's.
    const other = await uploader();
    const theirs = await upload(other, { filename: "DUP.csv", contentType: "text/csv", body });
    expect(await finished(other, theirs)).toMatchObject({ status: "done" });
  });

  it("a malformed file fails its run with a reason and writes nothing under processed/", async () => {
    const who = await uploader();
    const cases = [
      {
        filename: "broken.json",
        contentType: "application/json",
        body: '{"meta": {"symbol": "X"}, "values": [',
        reason: /not valid JSON/,
      },
      {
        filename: "other.json",
        contentType: "application/json",
        body: '{"rows": [1, 2]}',
        reason: /not a Twelve Data time series/,
      },
      {
        filename: "error.json",
        contentType: "application/json",
        body: '{"code":400,"message":"bad symbol","status":"error"}',
        reason: /error answer.*bad symbol/,
      },
      {
        filename: "prices.csv",
        contentType: "text/csv",
        body: "a,b,c\n1,2,3\n",
        reason: /CSV header lacks date, open/,
      },
      {
        filename: "no symbol!.csv",
        contentType: "text/csv",
        body: `${CSV_HEADER}\n${row("2017-01-03")}`,
        reason: /no Symbol column/,
      },
    ] as const;
    for (const c of cases) {
      const runID = await upload(who, c);
      const run = await finished(who, runID);
      expect(run.status, c.filename).toBe("failed");
      expect(run.error, c.filename).toMatch(c.reason);
      expect(await objects(`processed/${runID}/`)).toEqual([]);
    }
  });

  it("reads single Twelve Data JSON (newest first) and CSV whose symbol is its file name", async () => {
    const who = await uploader();
    const single = JSON.stringify({
      meta: { symbol: "ONE" },
      values: [
        { datetime: "2017-01-04", open: "11", high: "12", low: "10", close: "11.5", volume: "10" },
        { datetime: "2017-01-03", open: "10", high: "11", low: "9", close: "10.5", volume: "10" },
        "not a row",
      ],
      status: "ok",
    });
    const jsonRun = await finished(
      who,
      await upload(who, { filename: "x.json", contentType: "application/json", body: single }),
    );
    expect(jsonRun).toMatchObject({
      status: "done",
      symbols: ["ONE"],
      counts: { rows: 3, valid: 2, rejected: 1 },
    });
    expect(jsonRun.analysis?.metrics[0]).toMatchObject({
      from: "2017-01-03",
      to: "2017-01-04",
      change1d: expect.closeTo(11.5 / 10.5 - 1, 12),
    });
    const csvRun = await finished(
      who,
      await upload(who, {
        filename: "msft.csv",
        contentType: "text/csv",
        body: "Date,Open,High,Low,Close,Adj Close,Volume\n2017-01-03,10,12,9,11,10.5,1000\n2017-01-04,10,12,9,11,10.5,-3,extra\n",
      }),
    );
    expect(csvRun).toMatchObject({ status: "done", symbols: ["MSFT"], counts: { valid: 1, rejected: 1 } });
  });

  it("the storage refuses an upload over the size announced, or of another type; over 20 MB is never presigned", async () => {
    const who = await uploader();
    const created = await as(who, () =>
      PriceRun.create({ filename: "big.csv", contentType: "text/csv", size: 100 }),
    );
    expect(created.upload.key).toBe(`inputs/${who.id}/${created.run.id}.csv`);
    expect(created.run).toMatchObject({ status: "queued", filename: "big.csv" });
    const larger = await post(created.upload, "x".repeat(101));
    expect(larger.status).toBe(400);
    expect(larger.body).toContain("<Code>EntityTooLarge</Code>");
    const html = await post(created.upload, "<html>", "text/html");
    expect(html.status).toBe(403);
    expect(await objects(`inputs/${who.id}/${created.run.id}`)).toEqual([]);
    await platformIdle();
    expect((await as(who, () => PriceRun.get(created.run.id))).status).toBe("queued");

    await expect(
      as(who, () =>
        PriceRun.create({ filename: "a.csv", contentType: "text/csv", size: 20 * 1024 * 1024 + 1 }),
      ),
    ).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(() =>
      as(who, () =>
        PriceRun.create({
          filename: "a.xls",
          contentType: "application/vnd.ms-excel" as "text/csv",
          size: 5,
        }),
      ),
    ).toThrow(ValidationError);
  });

  it("runs are their owner's: others and guests get nothing", async () => {
    const who = await uploader();
    const runID = await upload(who, {
      filename: "OWN.csv",
      contentType: "text/csv",
      body: `${CSV_HEADER}\n${row("2017-01-03")}`,
    });
    await platformIdle();
    const stranger = await uploader();
    await expect(as(stranger, () => PriceRun.get(runID))).rejects.toBeInstanceOf(NotFoundError);
    await expect(as(stranger, () => PriceRun.rejects({ runID }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(as(stranger, () => PriceRun.series(runID, "OWN"))).rejects.toBeInstanceOf(NotFoundError);
    expect((await as(stranger, () => PriceRun.list({}))).items).toEqual([]);
    await expect(as(who, () => PriceRun.get("not-an-id"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(as(who, () => PriceRun.series(runID, "NOPE"))).rejects.toBeInstanceOf(NotFoundError);
    await expect(PriceRun.list({})).rejects.toBeInstanceOf(UnauthorizedError);
    const guest = { type: "anonymous", properties: { userID: who.id, sessionID: "s" } } as const;
    await expect(
      Actor.provide(guest, () => PriceRun.create({ filename: "a.csv", contentType: "text/csv", size: 5 })),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
