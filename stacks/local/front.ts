/**
 * The local platform's edge, in front of Next as CloudFront is on AWS: it tells the app who is calling in
 * `cloudfront-viewer-address` (`<ip>:<port>` of the socket), the one client-address header the app trusts,
 * after dropping any copy a client sent and every client `x-forwarded-*`. HTTP and WebSocket upgrades
 * (`next dev`'s hot reload) alike.
 */
import { createServer, type IncomingMessage, type Server, STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { createProxyServer } from "http-proxy-3";

export const VIEWER_ADDRESS = "cloudfront-viewer-address";

export interface Front {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Starts the front on `port` (0: a free one), forwarding to the app at `target` (a loopback URL). */
export async function startFront({ port, target }: { port: number; target: string }): Promise<Front> {
  const proxy = createProxyServer({ target, ws: true, xfwd: false });
  const server = createServer((req, res) => {
    fromEdge(req);
    proxy.web(req, res);
  });
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    fromEdge(req);
    proxy.ws(req, socket, head);
  });
  // The app is down or still starting: say so, in JSON like the app's own errors.
  proxy.on("error", (_error, _req, res) => {
    if (!res || !("writeHead" in res)) return void res?.destroy();
    if (!res.headersSent)
      res.writeHead(502, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify({ error: { code: "bad_gateway", message: "The web app is not answering" } }));
  });
  // Requests Node's parser refuses (a URL or headers over 16 KB, broken HTTP) get a JSON error too.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return void socket.destroy();
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const body = JSON.stringify({ error: { code: "bad_request", message: STATUS_CODES[status] } });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(port, () => done());
  });
  const { port: bound } = server.address() as { port: number };
  return {
    server,
    url: `http://localhost:${bound}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** What CloudFront does to a viewer's request: forwarding headers are its own, never the client's. */
function fromEdge(req: IncomingMessage) {
  for (const name of Object.keys(req.headers))
    if (name.startsWith("x-forwarded-") || name === VIEWER_ADDRESS || name === "forwarded")
      delete req.headers[name];
  req.headers[VIEWER_ADDRESS] = viewerAddress(req.socket);
}

/** `198.51.100.7:52310`; IPv6 as CloudFront writes it too, the port after the last colon, no brackets. */
export function viewerAddress(socket: Socket): string {
  const ip = (socket.remoteAddress ?? "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return `${ip}:${socket.remotePort ?? 0}`;
}
