import { describe, expect, it } from "vitest";
import * as Metrics from "../metrics";
import { compute } from "./analysis";
import * as Bedrock from "./bedrock";
import * as Summary from "./summary";
import { realSeries } from "./testing";

/** The local Converse server's chaos switches (stacks/local/bedrock.ts). */
async function chaos(switches: { throttle?: number; fail?: number; malformed?: number }) {
  const endpoint = process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
  if (!endpoint) throw new Error("no local Bedrock endpoint: run on the local platform");
  const response = await fetch(new URL("/_chaos", endpoint), {
    method: "POST",
    body: JSON.stringify(switches),
  });
  return (await response.json()) as { calls: number };
}

const { metrics, aggregates } = compute(
  new Map(
    Object.entries(realSeries())
      .slice(0, 3)
      .map(([symbol, doc]) => [
        symbol,
        doc.values
          .slice(0, 80)
          .reverse()
          .map((v) => ({
            time: String(v.datetime),
            open: Number(v.open),
            high: Number(v.high),
            low: Number(v.low),
            close: Number(v.close),
            volume: Number(v.volume),
          })),
      ]),
  ),
);
const symbols = metrics.map((m) => m.symbol);
const fast = { bedrock: true, initialDelayMs: 5 };

// One file, run in order: the chaos switches are the server's, shared by these tests.
describe("the Bedrock summary, against the local Converse server", () => {
  it("success: the model's summary, its tokens and its cost at Nova Lite's prices", async () => {
    const before = (await chaos({})).calls;
    const summary = await Summary.summarise(aggregates, metrics, fast);
    expect(summary).toMatchObject({
      source: "bedrock",
      model: "amazon.nova-lite-v1:0",
      attempts: 1,
      note: null,
    });
    expect(Object.keys(summary.symbols).sort()).toEqual(symbols);
    expect(summary.executive).toContain(`The ${symbols.length} stocks read as ${aggregates.sentiment}`);
    expect(summary.tokensIn).toBeGreaterThan(100);
    expect(summary.tokensOut).toBeGreaterThan(10);
    expect(summary.costUsd).toBeCloseTo(
      (summary.tokensIn * 0.00006 + summary.tokensOut * 0.00024) / 1000,
      15,
    );
    expect((await chaos({})).calls).toBe(before + 1);
  });

  it("throttling, then success: retried with backoff", async () => {
    await chaos({ throttle: 2 });
    const summary = await Summary.summarise(aggregates, metrics, fast);
    expect(summary).toMatchObject({ source: "bedrock", attempts: 3 });
  });

  it("5 failures: the summary from the numbers, marked so, and a failure counted", async () => {
    const minute = Metrics.minuteOf(new Date());
    const failuresBefore = (await Metrics.snapshot(minute)).failures.BedrockSummary ?? 0;
    const before = (await chaos({ fail: 3, throttle: 2 })).calls;
    const summary = await Summary.summarise(aggregates, metrics, fast);
    expect(summary).toMatchObject({ source: "numbers", model: null, attempts: 5, costUsd: 0 });
    expect(summary.note).toMatch(/unavailable after 5 attempts/);
    expect(summary).toEqual({ ...Summary.fromNumbers(aggregates, metrics), attempts: 5, note: summary.note });
    expect((await chaos({})).calls).toBe(before + 5);
    expect((await Metrics.snapshot(minute)).failures.BedrockSummary).toBe(failuresBefore + 1);
  });

  it("malformed model output: the numbers' summary, with the tokens it cost", async () => {
    await chaos({ malformed: 1 });
    const summary = await Summary.summarise(aggregates, metrics, fast);
    expect(summary).toMatchObject({
      source: "numbers",
      attempts: 1,
      note: "The model's answer was not the JSON asked for",
    });
    expect(summary.tokensIn).toBeGreaterThan(0);
    expect(summary.costUsd).toBeGreaterThan(0);
    expect(summary.executive).toBe(Summary.fromNumbers(aggregates, metrics).executive);
  });

  it("a refusal that is not worth retrying (a bad model id) is not retried", async () => {
    process.env.BOURSE_BEDROCK_MODEL = "amazon.titan-nope";
    try {
      const before = (await chaos({})).calls;
      await expect(Bedrock.converse("s", "p", { initialDelayMs: 5 })).rejects.toMatchObject({ attempts: 1 });
      expect((await chaos({})).calls).toBe(before + 1);
    } finally {
      delete process.env.BOURSE_BEDROCK_MODEL;
    }
  });

  it("off by the setting: the numbers, without a call", async () => {
    const before = (await chaos({})).calls;
    const summary = await Summary.summarise(aggregates, metrics, { bedrock: false });
    expect(summary).toMatchObject({
      source: "numbers",
      attempts: 0,
      note: expect.stringContaining("BOURSE_AI_SUMMARY"),
    });
    expect((await chaos({})).calls).toBe(before);
  });

  it("reads the model's JSON, fenced or not, only when it covers every symbol", () => {
    const answer = { executiveSummary: "Calm.", symbols: { A: "up", B: "down" } };
    expect(Summary.parseAnswer(JSON.stringify(answer), ["A", "B"])).toEqual(answer);
    expect(Summary.parseAnswer(`Here:\n\`\`\`json\n${JSON.stringify(answer)}\n\`\`\``, ["A"])).toEqual({
      executiveSummary: "Calm.",
      symbols: { A: "up" },
    });
    expect(Summary.parseAnswer(JSON.stringify(answer), ["A", "C"])).toBeUndefined();
    expect(Summary.parseAnswer("no json", ["A"])).toBeUndefined();
    expect(Summary.parseAnswer('{"executiveSummary": ""}', [])).toBeUndefined();
  });
});
