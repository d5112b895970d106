/**
 * The topology's URL functions, each on a loopback port of its own, as Lambda function URLs serve them:
 * the request becomes a payload format 2.0 event, the handler's result becomes the response (a structured
 * `{ statusCode, headers, body, isBase64Encoded, cookies }`, or any other value, inferred as a 200 JSON
 * answer), and a handler that throws or times out is a 502, as on AWS.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { UrlFunction } from "../topology";

export interface UrlFunctionsOptions {
  functions: readonly UrlFunction[];
  invoke: (fn: UrlFunction, event: APIGatewayProxyEventV2) => Promise<unknown>;
  /** Fixed ports by function name; free ones otherwise. */
  ports?: Record<string, number>;
  log?: (msg: string, data?: object) => void;
}

export interface UrlFunctions {
  /** Each function's URL (`http://127.0.0.1:<port>`), by topology name. */
  urls: Record<string, string>;
  stop(): Promise<void>;
}

/** Lambda's limit for a function URL's request body (6 MB, synchronous invocation). */
const MAX_BODY = 6 * 1024 * 1024;

export async function startUrlFunctions(o: UrlFunctionsOptions): Promise<UrlFunctions> {
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  try {
    for (const fn of o.functions) {
      const server = createServer((req, res) => {
        void serve(fn, req, res).catch((error) => {
          o.log?.("url function failed", { function: fn.name, error: String(error) });
          if (!res.headersSent) send(res, 502, { "content-type": "application/json" }, INTERNAL);
          else res.destroy();
        });
      });
      // Many benchmark connections at once: keep them alive as a function URL does.
      server.keepAliveTimeout = 60_000;
      servers.push(server);
      await new Promise<void>((done, fail) => {
        server.once("error", fail);
        server.listen(o.ports?.[fn.name] ?? 0, "127.0.0.1", () => done());
      });
      urls[fn.name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
  } catch (error) {
    await close(servers);
    throw error;
  }

  async function serve(fn: UrlFunction, req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, { "content-type": "application/json" }, TOO_LARGE);
    const port = (req.socket.address() as AddressInfo).port;
    const result = await o.invoke(fn, eventOf(req, body, port)).catch((error: unknown) => {
      o.log?.("url function invocation failed", { function: fn.name, error: String(error) });
      return FAILED;
    });
    if (result === FAILED) return send(res, 502, { "content-type": "application/json" }, INTERNAL);
    respond(res, result);
  }

  return { urls, stop: () => close(servers) };
}

const FAILED = Symbol("failed");
const INTERNAL = JSON.stringify({ Message: "Internal Server Error" });
const TOO_LARGE = JSON.stringify({
  Message: "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
});

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Text bodies travel as text, anything else base64-encoded (as function URLs decide by content type). */
function isText(type: string | undefined): boolean {
  return !type || /^(text\/|application\/(?:[\w.+-]*json|xml|x-www-form-urlencoded|javascript))/i.test(type);
}

export function eventOf(req: IncomingMessage, body: Buffer, port: number): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === "cookie" || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const domainPrefix = `local${port}`;
  headers.host = req.headers.host ?? `127.0.0.1:${port}`;
  headers["x-forwarded-proto"] = "http";
  headers["x-forwarded-port"] = String(port);
  headers["x-forwarded-for"] = req.socket.remoteAddress ?? "127.0.0.1";
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const cookies = (req.headers.cookie ?? "")
    .split(";")
    .map((c) => c.trim())
    .filter(Boolean);
  const now = new Date();
  const text = isText(req.headers["content-type"]);
  const requestId = randomUUID();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: "anonymous",
      apiId: domainPrefix,
      domainName: `${domainPrefix}.lambda-url.local`,
      domainPrefix,
      http: {
        method: req.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: req.headers["user-agent"] ?? "",
      },
      requestId,
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: text ? body.toString("utf8") : body.toString("base64") } : {}),
    isBase64Encoded: body.length > 0 && !text,
  } as APIGatewayProxyEventV2;
}

interface Structured {
  statusCode: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

/** A result with a statusCode is a structured response; anything else is a 200 JSON body, as Lambda infers. */
function respond(res: ServerResponse, result: unknown) {
  const structured =
    typeof result === "object" && result !== null && typeof (result as Structured).statusCode === "number";
  if (!structured) {
    const body = typeof result === "string" ? result : JSON.stringify(result ?? null);
    return send(res, 200, { "content-type": "application/json" }, body);
  }
  const r = result as Structured;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(r.headers ?? {})) headers[name.toLowerCase()] = String(value);
  headers["content-type"] ??= "application/json";
  const body = r.body === undefined ? "" : r.isBase64Encoded ? Buffer.from(r.body, "base64") : r.body;
  for (const cookie of r.cookies ?? []) res.appendHeader("set-cookie", cookie);
  send(res, r.statusCode, headers, body);
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer) {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function close(servers: Server[]) {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((done) => {
          s.closeAllConnections();
          s.close(() => done());
        }),
    ),
  );
}
