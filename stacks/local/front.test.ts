import { createServer, type IncomingHttpHeaders, request, type Server } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Front, startFront, VIEWER_ADDRESS } from "./front";

/** An app that answers with the headers it was given, over HTTP and over a WebSocket upgrade. */
let app: Server;
let front: Front;
let seen: IncomingHttpHeaders = {};

beforeAll(async () => {
  app = createServer((req, res) => {
    seen = req.headers;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ url: req.url }));
  });
  app.on("upgrade", (req, socket: Socket) => {
    seen = req.headers;
    socket.end("HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n");
  });
  await new Promise<void>((done) => app.listen(0, "127.0.0.1", done));
  const { port } = app.address() as { port: number };
  front = await startFront({ port: 0, target: `http://127.0.0.1:${port}` });
});

afterAll(async () => {
  await front.close();
  await new Promise((done) => app.close(done));
});

describe("the local front", () => {
  it("tells the app the socket's address, never what the client claims", async () => {
    const response = await fetch(`${front.url}/api/x`, {
      headers: {
        "x-forwarded-for": "203.0.113.9",
        "x-forwarded-host": "evil.example",
        forwarded: "for=203.0.113.9",
        [VIEWER_ADDRESS]: "203.0.113.9:1",
      },
    });
    expect(response.status).toBe(200);
    expect(seen[VIEWER_ADDRESS]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(seen[VIEWER_ADDRESS]).not.toBe("127.0.0.1:0");
    expect(
      Object.keys(seen).filter((name) => name.startsWith("x-forwarded-") || name === "forwarded"),
    ).toEqual([]);
    expect(seen.host).toBe(new URL(front.url).host);
  });

  it("passes the path's bytes on as they came", async () => {
    const response = await fetch(`${front.url}/api/posts/%zz/%ED%A0%80/%`);
    expect(await response.json()).toEqual({ url: "/api/posts/%zz/%ED%A0%80/%" });
  });

  it("proxies WebSocket upgrades (next dev's hot reload), with the same address header", async () => {
    const status = await new Promise<number>((done, fail) => {
      const req = request(`${front.url}/_next/webpack-hmr`, {
        headers: { connection: "Upgrade", upgrade: "websocket", "x-forwarded-for": "203.0.113.9" },
      });
      req.on("upgrade", (res, socket) => {
        socket.destroy();
        done(res.statusCode ?? 0);
      });
      req.on("error", fail);
      req.end();
    });
    expect(status).toBe(101);
    expect(seen[VIEWER_ADDRESS]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(seen["x-forwarded-for"]).toBeUndefined();
  });

  it("answers a request Node cannot parse (a 20 KB URL) with a JSON error", async () => {
    const response = await fetch(`${front.url}/api/x?cursor=${"A".repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });
});
