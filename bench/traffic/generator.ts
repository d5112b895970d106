/**
 * The traffic generator: a realistic mix against a local stack (guest sessions, sign-ups, watchlist edits,
 * sentiment reads, feed reads, posts, likes), each virtual visitor with its own cookies. Loopback targets
 * only; bounded in requests and in time, it stops by itself. The mix is drawn from a seeded generator, so
 * two runs with the same seed send the same traffic (bench/cache compares caches on and off with it).
 */
import { PNG } from "pngjs";
import { mulberry32 } from "../../scripts/random";

export const KINDS = [
  "guest",
  "signup",
  "watchlist_create",
  "watchlist_edit",
  "sentiment_read",
  "feed_read",
  "post",
  "like",
] as const;
export type Kind = (typeof KINDS)[number];

/** How often each kind is drawn: mostly reads, as people browse more than they write. */
const WEIGHTS: Record<Kind, number> = {
  guest: 6,
  signup: 4,
  watchlist_create: 6,
  watchlist_edit: 6,
  sentiment_read: 45,
  feed_read: 20,
  post: 4,
  like: 9,
};

export const MAX_REQUESTS = 100_000;
export const MAX_MINUTES = 30;
const TICKERS = ["AAPL", "MSFT", "NVDA", "AMZN", "TSLA", "GOOG", "META", "JPM", "DIS", "NFLX"];

export interface Options {
  baseUrl: string;
  minutes?: number;
  rps?: number;
  /** At most this many requests (default rps × seconds, capped at MAX_REQUESTS). */
  requests?: number;
  seed?: number;
  /** Called about every second with the figures so far. */
  onProgress?: (report: Report) => void;
  /** Extra headers per request (bench/cache tags each with its kind and visitor). */
  headers?: (kind: Kind, visitor: number) => Record<string, string>;
}

export interface KindStats {
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface Report {
  elapsedMs: number;
  requests: number;
  errors: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  kinds: Partial<Record<Kind, KindStats>>;
  /** The first few error answers, by kind (status and code), for the log. */
  problems: string[];
}

/** Refuses any target that is not this machine. */
export function assertLoopback(baseUrl: string): URL {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!["127.0.0.1", "localhost", "::1"].includes(host) && !/^127\./.test(host))
    throw new Error(`the traffic generator only targets loopback addresses, not ${url.hostname}`);
  return url;
}

interface Visitor {
  id: number;
  cookies: Map<string, string>;
  member: boolean;
  watchlists: string[];
  busy: boolean;
}

const png = (() => {
  const image = new PNG({ width: 2, height: 2 });
  image.data.fill(200);
  return PNG.sync.write(image);
})();

export async function runTraffic(options: Options): Promise<Report> {
  const base = assertLoopback(options.baseUrl);
  const minutes = Math.min(options.minutes ?? 1, MAX_MINUTES);
  const rps = Math.max(1, Math.min(options.rps ?? 10, 500));
  const limit = Math.min(options.requests ?? Math.round(rps * minutes * 60), MAX_REQUESTS);
  const stopAt = Date.now() + minutes * 60_000;
  const draw = mulberry32(options.seed ?? 1);
  const visitors: Visitor[] = [];
  const posts: string[] = [];
  const latencies = new Map<Kind, number[]>();
  const errors = new Map<Kind, number>();
  const problems: string[] = [];
  const started = Date.now();
  let sent = 0;

  const send = async (
    visitor: Visitor,
    kind: Kind,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<Response> => {
    const headers: Record<string, string> = {
      accept: "application/json",
      origin: base.origin,
      ...options.headers?.(kind, visitor.id),
    };
    if (visitor.cookies.size)
      headers.cookie = [...visitor.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    if (init.body !== undefined) headers["content-type"] = "application/json";
    const at = performance.now();
    const response = await fetch(new URL(path, base), {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      redirect: "manual",
    }).catch(
      (error: unknown) => new Response(JSON.stringify({ error: { code: String(error) } }), { status: 599 }),
    );
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) visitor.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const list = latencies.get(kind) ?? [];
    list.push(performance.now() - at);
    latencies.set(kind, list);
    if (response.status >= 400) {
      errors.set(kind, (errors.get(kind) ?? 0) + 1);
      if (problems.length < 10) {
        const body = (await response
          .clone()
          .json()
          .catch(() => undefined)) as { error?: { code?: string } } | undefined;
        problems.push(`${kind} ${path}: ${response.status} ${body?.error?.code ?? ""}`.trim());
      }
    }
    return response;
  };

  const pick = <T>(items: T[]): T | undefined => items[Math.floor(draw() * items.length)];
  const tickers = () =>
    [pick(TICKERS), pick(TICKERS)].filter((t, i, all) => t && all.indexOf(t) === i) as string[];

  /** A new visitor: a guest session first, as a browser's first visit. */
  const arrive = async (): Promise<Visitor> => {
    const visitor: Visitor = {
      id: visitors.length,
      cookies: new Map(),
      member: false,
      watchlists: [],
      busy: true,
    };
    visitors.push(visitor);
    await send(visitor, "guest", "/api/auth/anonymous", { method: "POST" });
    return visitor;
  };

  const act = async (kind: Kind) => {
    const idle = visitors.filter((v) => !v.busy);
    const visitor = kind === "guest" || idle.length === 0 ? await arrive() : (pick(idle) as Visitor);
    visitor.busy = true;
    try {
      switch (kind) {
        case "guest":
          return;
        case "signup": {
          if (visitor.member) return void (await send(visitor, kind, "/api/feed"));
          const tag = `${options.seed ?? 1}${visitor.id}${Math.floor(draw() * 1e9).toString(36)}`;
          const response = await send(visitor, kind, "/api/auth/signup", {
            body: {
              email: `traffic-${tag}@example.com`,
              password: "correct horse battery staple",
              handle: `t${tag}`.slice(0, 20),
              displayName: `Traffic ${visitor.id}`,
            },
          });
          visitor.member = response.status === 201;
          return;
        }
        case "watchlist_create": {
          if (visitor.watchlists.length >= 2) return void (await send(visitor, kind, "/api/watchlists"));
          const response = await send(visitor, kind, "/api/watchlists", {
            body: { name: `List ${visitor.watchlists.length + 1}`, tickers: tickers() },
          });
          const body = (await response.json().catch(() => undefined)) as { watchlist?: { id: string } };
          if (body?.watchlist?.id) visitor.watchlists.push(body.watchlist.id);
          return;
        }
        case "watchlist_edit": {
          const id = pick(visitor.watchlists);
          if (!id) return void (await send(visitor, kind, "/api/watchlists"));
          await send(visitor, kind, `/api/watchlists/${id}`, {
            method: "PATCH",
            body: { tickers: tickers() },
          });
          return;
        }
        case "sentiment_read": {
          const id = pick(visitor.watchlists);
          await send(visitor, kind, id ? `/api/watchlists/${id}/sentiment` : "/api/watchlists");
          return;
        }
        case "feed_read":
          await send(visitor, kind, "/api/feed");
          return;
        case "post": {
          if (!visitor.member) return void (await send(visitor, kind, "/api/feed"));
          const presigned = await send(visitor, kind, "/api/uploads", {
            body: { purpose: "post", contentType: "image/png", size: png.length },
          });
          if (presigned.status !== 201) return;
          const form = (await presigned.json()) as {
            url: string;
            fields: Record<string, string>;
            key: string;
          };
          assertLoopback(form.url);
          const data = new FormData();
          for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
          data.append("file", new Blob([png], { type: "image/png" }));
          const stored = await fetch(form.url, { method: "POST", body: data });
          if (!stored.ok) {
            errors.set(kind, (errors.get(kind) ?? 0) + 1);
            return;
          }
          const created = await send(visitor, kind, "/api/posts", {
            body: { imageKey: form.key, caption: `Watching $${pick(TICKERS)} #traffic` },
          });
          const body = (await created.json().catch(() => undefined)) as { post?: { id: string } };
          if (body?.post?.id) posts.push(body.post.id);
          return;
        }
        case "like": {
          const id = pick(posts);
          if (!visitor.member || !id) return void (await send(visitor, kind, "/api/feed"));
          await send(visitor, kind, `/api/posts/${id}/like`, { method: "PUT" });
          return;
        }
      }
    } finally {
      visitor.busy = false;
    }
  };

  const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  const drawKind = (): Kind => {
    let x = draw() * total;
    for (const kind of KINDS) {
      x -= WEIGHTS[kind];
      if (x < 0) return kind;
    }
    return "feed_read";
  };

  const report = (): Report => {
    const all = [...latencies.values()].flat();
    const requests = all.length;
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    const elapsedMs = Date.now() - started;
    return {
      elapsedMs,
      requests,
      errors: errorCount,
      throughput: requests / Math.max(0.001, elapsedMs / 1000),
      ...percentiles(all),
      kinds: Object.fromEntries(
        [...latencies].map(([kind, list]) => [
          kind,
          { requests: list.length, errors: errors.get(kind) ?? 0, ...percentiles(list) },
        ]),
      ),
      problems,
    };
  };

  const progress = setInterval(() => options.onProgress?.(report()), 1000);
  const inFlight = new Set<Promise<void>>();
  try {
    // Actions start at the asked rate (each may send a few requests); never more than 64 at once.
    while (sent < limit && Date.now() < stopAt) {
      const next = started + (sent * 1000) / rps;
      const wait = next - Date.now();
      if (wait > 0) await new Promise((done) => setTimeout(done, wait));
      if (inFlight.size >= 64) await Promise.race(inFlight);
      sent++;
      const task: Promise<void> = act(drawKind()).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.all(inFlight);
  } finally {
    clearInterval(progress);
  }
  return report();
}

function percentiles(values: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length
      ? Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10
      : 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** The report as a few lines: totals, then each kind. */
export function format(report: Report): string {
  const lines = [
    `${report.requests} requests in ${(report.elapsedMs / 1000).toFixed(1)} s: ${report.throughput.toFixed(1)} req/s, ` +
      `p50 ${report.p50} ms, p95 ${report.p95} ms, p99 ${report.p99} ms, ${report.errors} errors`,
  ];
  for (const kind of KINDS) {
    const k = report.kinds[kind];
    if (k)
      lines.push(
        `  ${kind.padEnd(17)} ${String(k.requests).padStart(6)} req  p50 ${String(k.p50).padStart(6)}  p95 ${String(k.p95).padStart(6)}  p99 ${String(k.p99).padStart(6)} ms  ${k.errors} errors`,
      );
  }
  if (report.problems.length) lines.push(`  first errors: ${report.problems.join("; ")}`);
  return lines.join("\n");
}
