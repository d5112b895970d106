import type * as Push from "@bourse/core/realtime/push";
import { useEffect, useSyncExternalStore } from "react";
import { ApiError, api } from "./api";

/**
 * One shared socket per tab for real-time push. Hooks declare the topics they show (`useLiveTopic`); the
 * socket opens when the first is wanted (with a one-time ticket from GET /api/realtime), subscribes to the
 * whole set each time it changes, reconnects with exponential backoff and jitter, and drops a message id it
 * has seen (streams deliver at least once). A hook is "live" only while its topic is subscribed: otherwise it
 * keeps polling, so a refused or broken socket costs freshness, never correctness.
 */

export type Message = Push.Message;
type Listener = (message: Message) => void;

const MAX_BACKOFF_MS = 30_000;
/** Refused outright (no session, no WebSocket API): ask again rarely. */
const REFUSED_RETRY_MS = 60_000;
const SEEN_IDS = 500;
/** API Gateway closes a socket idle for 10 minutes: a quiet tab pings well before. */
const KEEP_ALIVE_MS = 5 * 60_000;

class Realtime {
  private socket: WebSocket | undefined;
  private wanted = new Map<string, number>();
  private live = new Set<string>();
  private pending: string[] | undefined;
  private listeners = new Set<Listener>();
  private watchers = new Set<() => void>();
  private reconnects = new Set<() => void>();
  private seen: string[] = [];
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  private version = 0;
  private reopened = false;

  /** Keeps `topic` subscribed until the returned function is called. */
  want(topic: string): () => void {
    this.wanted.set(topic, (this.wanted.get(topic) ?? 0) + 1);
    this.start();
    this.sync();
    return () => {
      const left = (this.wanted.get(topic) ?? 1) - 1;
      if (left > 0) this.wanted.set(topic, left);
      else this.wanted.delete(topic);
      this.sync();
    };
  }

  isLive = (topic: string) => this.live.has(topic);
  snapshot = () => this.version;
  watch = (wake: () => void) => {
    this.watchers.add(wake);
    return () => this.watchers.delete(wake);
  };
  onMessage(listener: Listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** Called once a new socket is subscribed: what happened while disconnected must be read again. */
  onResubscribed(listener: () => void) {
    this.reconnects.add(listener);
    return () => this.reconnects.delete(listener);
  }

  private changed(live: Set<string>) {
    this.live = live;
    this.version++;
    for (const wake of this.watchers) wake();
  }

  private start() {
    if (this.socket || this.timer || typeof WebSocket === "undefined") return;
    void this.open();
  }

  private later(ms: number) {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.wanted.size) void this.open();
    }, ms);
  }

  private async open() {
    let ticket: { url: string; ticket: string };
    try {
      ticket = await api("/api/realtime");
    } catch (error) {
      const refused = error instanceof ApiError && error.status < 500 && error.status !== 429;
      return this.later(
        refused || (error instanceof ApiError && error.status === 503) ? REFUSED_RETRY_MS : this.backoff(),
      );
    }
    const url = new URL(ticket.url);
    url.searchParams.set("ticket", ticket.ticket);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.reopened = true;
      this.sync(0);
      this.keepAlive = setInterval(() => socket.send(JSON.stringify({ action: "ping" })), KEEP_ALIVE_MS);
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = () => {
      clearInterval(this.keepAlive);
      this.socket = undefined;
      this.pending = undefined;
      this.changed(new Set());
      this.later(this.backoff());
    };
  }

  private backoff() {
    const ms = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempt++);
    return ms / 2 + Math.random() * (ms / 2);
  }

  /** Sends the whole wish list (debounced: a page mounting several hooks sends one message). */
  private sync(delay = 50) {
    clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => {
      const socket = this.socket;
      if (socket?.readyState !== WebSocket.OPEN) return;
      this.pending = [...this.wanted.keys()];
      socket.send(JSON.stringify({ action: "subscribe", topics: this.pending }));
    }, delay);
  }

  private receive(data: unknown) {
    let message: { type?: string; id?: string; error?: { code?: string } };
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (message.type === "subscribed") {
      this.changed(new Set(this.pending));
      if (this.reopened) for (const listener of this.reconnects) listener();
      this.reopened = false;
      return;
    }
    if (message.type === "error") {
      // Polling takes over; a limit passes, so ask again a little later.
      this.changed(new Set());
      if (message.error?.code === "rate_limited") this.sync(10_000);
      return;
    }
    if (!message.id || this.seen.includes(message.id)) return;
    this.seen.push(message.id);
    if (this.seen.length > SEEN_IDS) this.seen.shift();
    for (const listener of this.listeners) listener(message as Message);
  }
}

/** The tab's one socket. */
export const realtime = new Realtime();

/** Subscribes to `topic` while mounted (none: undefined); true while pushes for it arrive. */
export function useLiveTopic(topic: string | undefined): boolean {
  useEffect(() => (topic ? realtime.want(topic) : undefined), [topic]);
  useSyncExternalStore(realtime.watch, realtime.snapshot, () => 0);
  return topic !== undefined && realtime.isLive(topic);
}

/** A polling interval that stands down while the topic is pushed. */
export function pollUnlessLive(live: boolean, intervalMs: number): number | false {
  return live ? false : intervalMs;
}
