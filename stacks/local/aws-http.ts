/** What the local AWS servers (SES, Bedrock) share: restJson errors typed in `x-amzn-ErrorType`, bodies. */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

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

/**
 * A loopback server answering in the restJson error shape: whatever `handle` throws becomes its status
 * and `x-amzn-ErrorType` (an ApiError), or a 500 of `internalType`.
 */
export async function serve(
  port: number | undefined,
  internalType: string,
  handle: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<unknown> | unknown,
): Promise<{ server: Server; port: number }> {
  const server = createServer(async (req, res) => {
    try {
      await handle(req, res, new URL(req.url ?? "/", "http://localhost"));
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(500, internalType, String(error));
      send(res, e.status, { message: e.message }, e.type);
    }
  });
  await new Promise<void>((done) => server.listen(port ?? 0, "127.0.0.1", done));
  return { server, port: (server.address() as AddressInfo).port };
}
