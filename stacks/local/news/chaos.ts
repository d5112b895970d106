/**
 * A switch that breaks a local provider server the ways real ones break: an error status (500, 429, ...)
 * with that provider's own body, a slow answer, or malformed data (some items, or the whole answer).
 * Set from code (`server.chaos({...})`) or over HTTP (`POST /_chaos` with the same JSON); `{}` heals.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import * as z from "zod";

export const Chaos = z.object({
  status: z.number().int().min(400).max(599).optional(),
  delayMs: z.number().int().min(0).max(60_000).optional(),
  malformed: z.enum(["items", "payload"]).optional(),
});
export type Chaos = z.infer<typeof Chaos>;

export interface ChaosSwitch {
  chaos(settings?: Chaos): void;
  current(): Chaos;
}

export function chaosSwitch(): ChaosSwitch {
  let settings: Chaos = {};
  return {
    chaos: (next = {}) => {
      settings = Chaos.parse(next);
    },
    current: () => settings,
  };
}

/** Handles `POST /_chaos`; true when it did. */
export async function chaosRoute(req: IncomingMessage, res: ServerResponse, control: ChaosSwitch) {
  if (req.method !== "POST" || new URL(req.url ?? "/", "http://x").pathname !== "/_chaos") return false;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    control.chaos(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"));
    sendJson(res, 200, control.current());
  } catch (error) {
    sendJson(res, 400, { error: String(error) });
  }
  return true;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = "application/json",
) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));
