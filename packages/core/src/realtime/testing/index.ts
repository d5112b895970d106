/**
 * A WebSocket client of the platform's Realtime API for tests and benchmarks (the `ws` package, which
 * reports a refused handshake's status): messages are collected, and awaited by predicate.
 */
import { Resource } from "sst";
import WebSocket from "ws";

export interface Client {
  socket: WebSocket;
  messages: Record<string, unknown>[];
  /** The first message (already received or to come) that matches. */
  next(match: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  subscribe(topics: string[]): Promise<Record<string, unknown>>;
  closed: Promise<number>;
  close(): void;
}

export function realtimeUrl(query: Record<string, string> = {}): string {
  const url = new URL(Resource.Realtime.url);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}

/** Opens a socket; resolves when open, rejects with the handshake's HTTP status when refused. */
export function connect(
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<Client> {
  const socket = new WebSocket(realtimeUrl(query), { headers });
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  socket.on("message", (data) => {
    messages.push(JSON.parse(data.toString()));
    for (const wake of waiters) wake();
  });
  const closed = new Promise<number>((done) => socket.on("close", (code) => done(code)));
  const next: Client["next"] = (match, timeoutMs = 10_000) =>
    new Promise((done, fail) => {
      const check = () => {
        const found = messages.find(match);
        if (!found) return false;
        waiters.delete(check);
        clearTimeout(timer);
        done(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        fail(new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  return new Promise((done, fail) => {
    socket.once("open", () =>
      done({
        socket,
        messages,
        next,
        closed,
        close: () => socket.close(),
        subscribe(topics) {
          const seen = messages.length;
          socket.send(JSON.stringify({ action: "subscribe", topics }));
          return next((m) => messages.indexOf(m) >= seen && (m.type === "subscribed" || m.type === "error"));
        },
      }),
    );
    socket.once("unexpected-response", (_req, res) => {
      fail(Object.assign(new Error(`refused: ${res.statusCode}`), { status: res.statusCode }));
      socket.terminate();
    });
    socket.once("error", fail);
  });
}
