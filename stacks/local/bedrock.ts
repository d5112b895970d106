/**
 * A local Amazon Bedrock Runtime that speaks Converse's HTTP wire format (restJson1): `POST
 * /model/{modelId}/converse`, SigV4 (or a bearer key) required in the form the SDK sends, errors typed in
 * `x-amzn-ErrorType`. It answers as Nova Lite is asked to by the price-data summary: a JSON summary built
 * from the numbers in the prompt, with token usage. `POST /_chaos {"throttle":n,"fail":n,"malformed":n}`
 * makes the next n calls answer 429 ThrottlingException, 500 InternalServerException, or text that is not
 * the JSON asked for, and `"delayMs"` delays every answer; `GET /_chaos` tells the switches and how many
 * calls came.
 */
import type { IncomingMessage } from "node:http";
import { ApiError, readBody, send, serve } from "./aws-http";

export interface BedrockLocal {
  endpoint: string;
  port: number;
  chaos(switches: Partial<Chaos>): void;
  stop(): Promise<void>;
}

export interface Chaos {
  throttle: number;
  fail: number;
  malformed: number;
  delayMs: number;
}

const MODELS = /^(?:(?:us|eu|apac|global)\.)?amazon\.nova-(?:2-)?lite-v1:0$/;
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[a-z0-9-]+\/bedrock\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;

export async function startBedrockLocal(options: { port?: number } = {}): Promise<BedrockLocal> {
  const chaos: Chaos = { throttle: 0, fail: 0, malformed: 0, delayMs: 0 };
  let calls = 0;

  const converse = (modelId: string, req: IncomingMessage, body: string) => {
    calls++;
    const auth = req.headers.authorization ?? "";
    if (!SIGV4.test(auth) && !/^Bearer \S+$/.test(auth))
      throw new ApiError(
        403,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
      );
    if (chaos.throttle > 0) {
      chaos.throttle--;
      throw new ApiError(429, "ThrottlingException", "Too many requests, please wait before trying again.");
    }
    if (chaos.fail > 0) {
      chaos.fail--;
      throw new ApiError(500, "InternalServerException", "The server encountered an internal error.");
    }
    if (!MODELS.test(modelId))
      throw new ApiError(400, "ValidationException", "The provided model identifier is invalid.");
    const input = parseJson(body);
    const prompt = input?.messages?.[0]?.content?.[0]?.text;
    if (input?.messages?.[0]?.role !== "user" || typeof prompt !== "string")
      throw new ApiError(400, "ValidationException", "A conversation must start with a user message.");
    let text: string;
    if (chaos.malformed > 0) {
      chaos.malformed--;
      text = "Sure! Here is a summary of the market: prices moved. (not the JSON that was asked for)";
    } else text = JSON.stringify(summaryOf(prompt));
    const system = (input.system ?? []).map((s: { text?: string }) => s.text ?? "").join("");
    const inputTokens = Math.ceil((system.length + prompt.length) / 4);
    const outputTokens = Math.ceil(text.length / 4);
    return {
      output: { message: { role: "assistant", content: [{ text }] } },
      stopReason: "end_turn",
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
      metrics: { latencyMs: 5 },
    };
  };

  const { server, port } = await serve(options.port, "InternalServerException", async (req, res, url) => {
    const body = await readBody(req);
    const model = /^\/model\/([^/]+)\/converse$/.exec(url.pathname);
    if (req.method === "POST" && model && chaos.delayMs > 0)
      await new Promise((done) => setTimeout(done, chaos.delayMs));
    if (req.method === "POST" && model)
      return send(res, 200, converse(decodeURIComponent(model[1] as string), req, body));
    if (url.pathname === "/_chaos" && req.method === "POST") {
      const asked = parseJson(body);
      for (const name of ["throttle", "fail", "malformed", "delayMs"] as const)
        chaos[name] = Number(asked[name]) || 0;
      return send(res, 200, { ...chaos, calls });
    }
    if (url.pathname === "/_chaos" && req.method === "GET") return send(res, 200, { ...chaos, calls });
    throw new ApiError(404, "ResourceNotFoundException", `No route for ${req.method} ${url.pathname}`);
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    chaos(switches) {
      Object.assign(chaos, switches);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

const pct = (x: unknown) => (typeof x === "number" ? `${(x * 100).toFixed(1)}%` : "n/a");

/** What the model is asked for, from the prompt's numbers (the price-data summary's JSON shape). */
// biome-ignore lint/suspicious/noExplicitAny: an untrusted prompt, read field by field
function summaryOf(prompt: string): any {
  // biome-ignore lint/suspicious/noExplicitAny: as above
  let data: any;
  try {
    data = JSON.parse(prompt);
  } catch {
    return { executiveSummary: "The prompt held no metrics to summarise.", symbols: {} };
  }
  const a = data?.aggregates ?? {};
  const symbols = Array.isArray(data?.symbols) ? data.symbols : [];
  const leader = a.topGainers?.[0];
  return {
    executiveSummary:
      `The ${symbols.length} stocks read as ${a.sentiment ?? "neutral"}, with a mean weekly move of ${pct(a.meanChange1w)}. ` +
      (leader ? `${leader.symbol} led the week at ${pct(leader.change1w)}. ` : "") +
      `Turbulence is ${a.turbulenceLevel ?? "unknown"} and ${a.anomalies?.total ?? 0} anomalies were flagged.`,
    symbols: Object.fromEntries(
      symbols.map((s: { symbol: string; change1w?: number; trend?: string; close?: number }) => [
        s.symbol,
        `${s.symbol} ended at ${s.close} after a ${pct(s.change1w)} week; its trend reads ${s.trend ?? "unknown"}.`,
      ]),
    ),
  };
}

function parseJson(body: string) {
  try {
    return JSON.parse(body || "{}");
  } catch {
    throw new ApiError(400, "SerializationException", "The request body is not valid JSON.");
  }
}
