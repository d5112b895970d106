/** What the local AWS servers (SES, Bedrock) share: restJson errors typed in `x-amzn-ErrorType`, bodies. */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export function send(res: ServerResponse, status: number, json: unknown, errorType?: string) {
  res.statusCode = status;
  res.setHeader("x-amzn-RequestId", randomUUID());
  if (errorType) res.setHeader("x-amzn-ErrorType", errorType);
  if (json === undefined) return res.end();
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(json));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
