import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type BedrockLocal, startBedrockLocal } from "./bedrock";

describe("the local Bedrock Converse server", () => {
  let bedrock: BedrockLocal;
  beforeAll(async () => {
    bedrock = await startBedrockLocal();
  });
  afterAll(() => bedrock.stop());

  const converse = (headers: Record<string, string>, body: unknown, model = "amazon.nova-lite-v1%3A0") =>
    fetch(`${bedrock.endpoint}/model/${model}/converse`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  const signed = {
    authorization: `AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"a".repeat(64)}`,
  };
  const prompt = {
    messages: [
      {
        role: "user",
        content: [
          {
            text: JSON.stringify({
              aggregates: { sentiment: "bullish" },
              symbols: [{ symbol: "A", close: 1 }],
            }),
          },
        ],
      },
    ],
  };

  test("answers a signed Converse call with the summary's JSON and usage, as the wire format says", async () => {
    const response = await converse(signed, prompt);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { output: { message: { content: { text: string }[] } } };
    expect(body).toMatchObject({
      stopReason: "end_turn",
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) },
    });
    const answer = JSON.parse(body.output.message.content[0]?.text ?? "");
    expect(answer.executiveSummary).toContain("bullish");
    expect(Object.keys(answer.symbols ?? {})).toEqual(["A"]);
  });

  test("refuses unsigned calls, unknown models and bad bodies with typed errors", async () => {
    const unsigned = await converse({}, prompt);
    expect([unsigned.status, unsigned.headers.get("x-amzn-errortype")]).toEqual([
      403,
      "UnrecognizedClientException",
    ]);
    const model = await converse(signed, prompt, "amazon.titan-text");
    expect([model.status, model.headers.get("x-amzn-errortype")]).toEqual([400, "ValidationException"]);
    expect((await converse(signed, { messages: [] })).status).toBe(400);
  });

  test("chaos: throttling, server errors, malformed output for the next n calls", async () => {
    bedrock.chaos({ throttle: 1, fail: 1, malformed: 1 });
    const throttled = await converse(signed, prompt);
    expect([throttled.status, throttled.headers.get("x-amzn-errortype")]).toEqual([
      429,
      "ThrottlingException",
    ]);
    expect((await converse(signed, prompt)).status).toBe(500);
    const malformed = (await (await converse(signed, prompt)).json()) as {
      output: { message: { content: { text: string }[] } };
    };
    expect(() => JSON.parse(malformed.output.message.content[0]?.text ?? "")).toThrow();
    expect((await converse(signed, prompt)).status).toBe(200);
  });
});
