/** What both local provider servers share: listening on loopback, the chaos switch, the clock. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Chaos, chaosRoute, chaosSwitch, pause, sendJson } from "./chaos";

export interface NewsServerOptions {
  port?: number;
  /** The one key it accepts (the platform's generated secret). */
  apiKey: string;
  /** Epoch ms; tests move it. Default the system clock. */
  now?: () => number;
}

export interface NewsServer {
  endpoint: string;
  port: number;
  chaos(settings?: Chaos): void;
  /** Requests answered so far (the chaos route excluded), for tests. */
  requests(): number;
  stop(): Promise<void>;
}

export interface Answer {
  status: number;
  body: unknown;
  contentType?: string;
}

/**
 * One provider's server: `answer` speaks its wire format; chaos acts first (delay, then an error status
 * answered by `failure`), and `malform` spoils a good answer when asked.
 */
export async function startNewsServer(
  options: NewsServerOptions,
  provider: {
    answer(url: URL, req: IncomingMessage, now: number): Answer;
    failure(status: number): Answer;
    malform(body: unknown[], how: "items" | "payload"): unknown;
  },
): Promise<NewsServer> {
  const control = chaosSwitch();
  const now = options.now ?? Date.now;
  let served = 0;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      if (await chaosRoute(req, res, control)) return;
      served++;
      const chaos = control.current();
      if (chaos.delayMs) await pause(chaos.delayMs);
      const reply = chaos.status
        ? provider.failure(chaos.status)
        : provider.answer(new URL(req.url ?? "/", "http://localhost"), req, now());
      const body =
        chaos.malformed && reply.status === 200 && Array.isArray(reply.body)
          ? provider.malform(reply.body, chaos.malformed)
          : reply.body;
      sendJson(res, reply.status, body, reply.contentType);
    } catch (error) {
      sendJson(res, 500, { error: String(error) });
    }
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, "127.0.0.1", done));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    chaos: control.chaos,
    requests: () => served,
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

/** The request's key: a header (`Authorization: Token …` or `X-Finnhub-Token`) or the `token` parameter. */
export function keyOf(req: IncomingMessage, url: URL, header: "authorization" | "x-finnhub-token") {
  const value = req.headers[header];
  const given = Array.isArray(value) ? value[0] : value;
  if (given) return header === "authorization" ? (/^Token\s+(\S+)$/i.exec(given)?.[1] ?? "") : given;
  return url.searchParams.get("token") ?? undefined;
}
