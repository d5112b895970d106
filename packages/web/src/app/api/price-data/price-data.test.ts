import { describe, expect, it } from "vitest";
import { Client, member, platformIdle } from "@/server/auth.testing";
import { GET as rejects } from "./runs/[id]/rejects/route";
import { GET as run } from "./runs/[id]/route";
import { GET as series } from "./runs/[id]/series/[symbol]/route";
import { GET as list } from "./runs/route";
import { GET as notUpload, POST as upload } from "./uploads/route";

const CSV =
  "Date,Open,High,Low,Close,Volume\n2017-01-03,10,12,9,11,1000\n2017-01-04,10,12,9,11,-1\n2017-01-05,10,12,9,11.5,900\n";

describe("/api/price-data", () => {
  it("a member uploads a file through the presigned POST and reads its run, rejects and series", async () => {
    const { bearer } = await member("pd");
    const client = new Client();
    const created = await client.send(upload, "/api/price-data/uploads", {
      body: { filename: "web.csv", contentType: "text/csv", size: CSV.length },
      headers: bearer,
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { run: queued, upload: form } = await created.json();
    expect(queued).toMatchObject({ status: "queued", filename: "web.csv" });
    const data = new FormData();
    for (const [name, value] of Object.entries(form.fields as Record<string, string>))
      data.append(name, value);
    data.append("file", new Blob([CSV]), "web.csv");
    expect((await fetch(form.url, { method: "POST", body: data })).status).toBe(204);
    await platformIdle();

    const listed = await (await client.send(list, "/api/price-data/runs", { headers: bearer })).json();
    expect(listed.items.map((r: { id: string }) => r.id)).toEqual([queued.id]);
    const params = { id: queued.id };
    const detail = await (
      await client.send(run, `/api/price-data/runs/${queued.id}`, { headers: bearer, params })
    ).json();
    expect(detail).toMatchObject({
      status: "done",
      counts: { rows: 3, valid: 2, rejected: 1, reasons: { negative_volume: 1 } },
      analysis: {
        summary: { source: "numbers" },
        aggregates: { symbols: 1 },
        metrics: [{ symbol: "WEB", rows: 2 }],
      },
    });
    const page = await (
      await client.send(rejects, `/api/price-data/runs/${queued.id}/rejects?limit=1`, {
        headers: bearer,
        params,
      })
    ).json();
    expect(page).toEqual({
      items: [
        {
          index: 1,
          symbol: "WEB",
          datetime: "2017-01-04",
          reasons: ["negative_volume"],
          row: expect.objectContaining({ volume: "-1" }),
        },
      ],
      cursor: null,
    });
    const chart = await client.send(series, `/api/price-data/runs/${queued.id}/series/WEB`, {
      headers: bearer,
      params: { ...params, symbol: "WEB" },
    });
    expect((await chart.json()).candles).toHaveLength(2);

    // Another member sees none of it.
    const other = await member("po");
    expect(
      (await client.send(run, `/api/price-data/runs/${queued.id}`, { headers: other.bearer, params })).status,
    ).toBe(404);
    expect(
      (await (await client.send(list, "/api/price-data/runs", { headers: other.bearer })).json()).items,
    ).toEqual([]);
  });

  it("bad input is a 4xx JSON error; strangers 401; other methods 405", async () => {
    const { bearer } = await member("pb");
    const client = new Client();
    const big = await client.send(upload, "/api/price-data/uploads", {
      body: { filename: "a.csv", contentType: "text/csv", size: 20 * 1024 * 1024 + 1 },
      headers: bearer,
    });
    expect([big.status, (await big.json()).error.code]).toEqual([413, "payload_too_large"]);
    const type = await client.send(upload, "/api/price-data/uploads", {
      body: { filename: "a.xml", contentType: "text/xml", size: 5 },
      headers: bearer,
    });
    expect([type.status, (await type.json()).error.code]).toEqual([400, "validation_failed"]);
    const cursor = await client.send(rejects, "/api/price-data/runs/x/rejects?cursor=%%%", {
      headers: bearer,
      params: { id: "x" },
    });
    expect(cursor.status).toBe(404);
    expect((await client.send(list, "/api/price-data/runs?limit=0", { headers: bearer })).status).toBe(400);
    expect((await client.send(list, "/api/price-data/runs")).status).toBe(401);
    expect(
      (
        await notUpload(new Request("http://localhost/api/price-data/uploads"), {
          params: Promise.resolve({}),
        })
      ).status,
    ).toBe(405);
  });
});
