/**
 * The local API Gateway WebSocket API, from the topology's routes: a `ws` server on a loopback port that
 * calls the same handlers with API Gateway-shaped events (CONNECT with the handshake's headers and query
 * string, MESSAGE routed by the JSON body's `action`, DISCONNECT), and, on the same port, the management
 * API's `@connections/{id}` (POST sends, GET describes, DELETE closes; an unknown id is 410 GoneException),
 * which core's Gateway adapter reaches through the SDK's client as on AWS.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import type { WebSocketApi, WebSocketRoute } from "../topology";
import { ApiError, readBody, send, serve } from "./aws-http";

export interface RealtimeLocalOptions {
  api: WebSocketApi;
  invoke: (route: WebSocketRoute, event: unknown) => Promise<unknown>;
  port?: number;
  log?: (msg: string, data?: object) => void;
}

export interface RealtimeLocal {
  /** The management API (`http://127.0.0.1:<port>/<stage>`), as SST's `managementEndpoint`. */
  endpoint: string;
  /** What clients open (`ws://127.0.0.1:<port>`), as SST's `url`. */
  url: string;
  /** Open connections. */
  size(): number;
  stop(): Promise<void>;
}

/** API Gateway's frame limit (128 KB per message). */
const MAX_MESSAGE = 128 * 1024;
const STAGE = "local";

interface Open {
  socket: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent?: string;
}

export async function startRealtimeLocal(o: RealtimeLocalOptions): Promise<RealtimeLocal> {
  const open = new Map<string, Open>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  const route = (key: string) => o.api.routes.find((r) => r.route === key);
  let domainName = "127.0.0.1";
  let stopping = false;

  const context = (connectionID: string, routeKey: string, eventType: string, connectedAt: number) => ({
    routeKey,
    eventType,
    connectionId: connectionID,
    connectedAt,
    messageDirection: "IN",
    requestId: randomUUID(),
    extendedRequestId: randomUUID(),
    requestTimeEpoch: Date.now(),
    domainName,
    stage: STAGE,
    apiId: "local",
  });

  // Invocations in flight: stop() lets them finish before the platform's table goes away.
  const inFlight = new Set<Promise<unknown>>();
  async function invoke(key: string, event: object) {
    const handler = route(key);
    if (!handler) return { statusCode: 200 };
    const running = o.invoke(handler, event).catch((error: unknown) => {
      o.log?.("realtime route failed", { route: key, error: String(error) });
      return { statusCode: 500 };
    });
    inFlight.add(running);
    try {
      return (await running) as { statusCode?: number; body?: string } | undefined;
    } finally {
      inFlight.delete(running);
    }
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const connectionID = randomBytes(10).toString("base64");
    const url = new URL(req.url ?? "/", "http://localhost");
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : (v ?? "")]),
    );
    const connectedAt = Date.now();
    const query = Object.fromEntries(url.searchParams);
    const result = await invoke("$connect", {
      requestContext: {
        ...context(connectionID, "$connect", "CONNECT", connectedAt),
        identity: { sourceIp: req.socket.remoteAddress ?? "127.0.0.1", userAgent: headers["user-agent"] },
      },
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      ...(url.search ? { queryStringParameters: query } : {}),
      isBase64Encoded: false,
    });
    const status = result?.statusCode ?? 200;
    if (status < 200 || status > 299) {
      // API Gateway answers a refused handshake with the handler's status.
      const body = result?.body ?? "";
      socket.end(
        `HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const entry: Open = {
        socket: ws,
        connectedAt,
        lastActiveAt: connectedAt,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"],
      };
      open.set(connectionID, entry);
      ws.on("message", (data, binary) => {
        entry.lastActiveAt = Date.now();
        void message(
          connectionID,
          ws,
          binary ? data.toString("base64") : data.toString(),
          binary,
          connectedAt,
        );
      });
      ws.on("close", () => {
        open.delete(connectionID);
        if (!stopping)
          void invoke("$disconnect", {
            requestContext: context(connectionID, "$disconnect", "DISCONNECT", connectedAt),
            isBase64Encoded: false,
          });
      });
    });
  }

  async function message(id: string, ws: WebSocket, body: string, binary: boolean, connectedAt: number) {
    let action: unknown;
    try {
      action = (JSON.parse(body) as { [k: string]: unknown })?.[o.api.routeSelection];
    } catch {}
    const key =
      typeof action === "string" && route(action) ? action : route("$default") ? "$default" : undefined;
    if (!key) {
      // What API Gateway sends for an action no route (and no $default) takes.
      ws.send(JSON.stringify({ message: "Forbidden", connectionId: id, requestId: randomUUID() }));
      return;
    }
    await invoke(key, {
      requestContext: context(id, key, "MESSAGE", connectedAt),
      body,
      isBase64Encoded: binary,
    });
  }

  const { server, port } = await serve(o.port, "InternalServerErrorException", async (req, res, url) => {
    const match = /\/@connections\/([^/]+)$/.exec(url.pathname);
    if (!match?.[1]) throw new ApiError(404, "NotFoundException", "No such route");
    const id = decodeURIComponent(match[1]);
    const entry = open.get(id);
    if (!entry || entry.socket.readyState !== WebSocket.OPEN) throw new ApiError(410, "GoneException", "");
    if (req.method === "POST") {
      const body = await readBody(req);
      if (Buffer.byteLength(body) > MAX_MESSAGE)
        throw new ApiError(413, "PayloadTooLargeException", "Message too long");
      await new Promise<void>((done, fail) =>
        entry.socket.send(body, (error) => (error ? fail(error) : done())),
      );
      return send(res, 200, undefined);
    }
    if (req.method === "DELETE") {
      entry.socket.close(1000);
      open.delete(id);
      return send(res, 204, undefined);
    }
    if (req.method === "GET")
      // The wire format's names (the SDK's ConnectedAt is `connectedAt` on the wire).
      return send(res, 200, {
        connectedAt: new Date(entry.connectedAt).toISOString(),
        lastActiveAt: new Date(entry.lastActiveAt).toISOString(),
        identity: { sourceIp: entry.sourceIp, userAgent: entry.userAgent },
      });
    throw new ApiError(405, "MethodNotAllowedException", "Method not allowed");
  });
  domainName = `127.0.0.1:${port}`;
  server.on("upgrade", (req, socket, head) => {
    void upgrade(req, socket, head).catch((error: unknown) => {
      o.log?.("realtime connect failed", { error: String(error) });
      socket.destroy();
    });
  });

  return {
    endpoint: `http://127.0.0.1:${port}/${STAGE}`,
    url: `ws://127.0.0.1:${port}`,
    size: () => open.size,
    async stop() {
      stopping = true;
      for (const { socket } of open.values()) socket.terminate();
      await Promise.all([...inFlight]);
      wss.close();
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
