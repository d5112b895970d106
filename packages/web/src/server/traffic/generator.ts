/**
 * The traffic generator: browsers against a local stack. A bounded pool of visitors, each a browser keeping
 * its cookies and its own loopback address (127.x.y.z, so per-address limits apply per browser) across a
 * visit of page views and polls. Guests browse the markets pages (their watchlists and their sentiment,
 * polled each minute as the page does), a few sign up; members read their feed (its head polled every 20 s
 * as the page does) and their watchlists' sentiment, like posts of their feed, now and then post or edit a
 * watchlist. A visitor who leaves is replaced: mostly by a browser that came before (its cookies, its
 * account), else by a new one (a guest session; a fifth sign up and follow a few members). Loopback targets
 * only; every request takes a slot of the rate; bounded in requests and time, it stops by itself (or on
 * `signal`). Every choice is drawn from generators seeded by `seed` (one per browser), so two runs with one
 * seed and the same returning browsers send the same visits (bench/cache compares caches on and off with
 * it). Used by `pnpm traffic` (bench/traffic.ts) and by the status page's button (./run.ts).
 */
import { Agent, request } from "node:http";
import * as z from "zod";
import { mulberry32 } from "../../../../../scripts/random";

export const KINDS = [
  "guest",
  "refresh",
  "signup",
  "follow",
  "watchlist_read",
  "watchlist_create",
  "watchlist_edit",
  "sentiment_read",
  "feed_read",
  "post",
  "like",
] as const;
export const Kind = z.enum(KINDS);
export type Kind = z.infer<typeof Kind>;

export const MAX_REQUESTS = 100_000;
export const MAX_MINUTES = 30;
export const MAX_RPS = 200;
export const MAX_VISITORS = 1000;

/** A member's next step when it does not stay on its page, by weight: mostly reading. */
const MEMBER_STEPS = { feed: 40, markets: 38, like: 12, post: 5, edit: 5 };
/** Guests: the markets pages only; a few edit their list, a few sign up. */
const GUEST_STEPS = { markets: 80, edit: 12, signup: 8 };
type Step = keyof typeof MEMBER_STEPS | keyof typeof GUEST_STEPS;
/** After a step, how often a visitor stays on its page until the page polls, rather than moving on. */
const STAY = { member: 0.35, guest: 0.45 };
/** Of new visitors, this share sign up on arrival (default); the rest browse as guests. */
const JOIN_SHARE = 0.2;
/** Of arrivals after the first pool, this share are browsers that came before, back with their cookies. */
const RETURN_SHARE = 0.7;
/** A visit: this many steps, then the visitor leaves (a new one takes its place). */
const VISIT_STEPS = { min: 4, max: 16 };
/** Between page views: exponential think time, clamped. Polls wait their page's own interval. */
const THINK_MS = { mean: 5000, min: 800, max: 20_000 };
const POLL_MS = { feed: 20_000, markets: 60_000 };
const FOLLOWS = 3;
const TICKERS = ["AAPL", "MSFT", "NVDA", "AMZN", "TSLA", "GOOG", "META", "JPM", "DIS", "NFLX"];

export interface Options {
  baseUrl: string;
  minutes?: number;
  rps?: number;
  /** At most this many requests (default rps × seconds, capped at MAX_REQUESTS). */
  requests?: number;
  /** Visitors at once (default 12 per request a second asked: a visitor sends one about every 12 s). */
  visitors?: number;
  seed?: number;
  signal?: AbortSignal;
  /** Called about every second with the figures so far. */
  onProgress?: (report: Report) => void;
  /** Of new visitors, the share who sign up on arrival (default 0.2; a run that grows a community: more). */
  joinShare?: number;
  /** Browsers that came before (an earlier run's), back with their cookies; the run adds its new ones. */
  browsers?: Browser[];
  /** Extra headers per request (bench/cache tags each with its kind). */
  headers?: (kind: Kind) => Record<string, string>;
}

export const KindStats = z.object({
  requests: z.number(),
  errors: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
});

export const Report = z.object({
  elapsedMs: z.number(),
  requests: z.number(),
  errors: z.number(),
  throughput: z.number().describe("requests per second"),
  p50: z.number().describe("milliseconds"),
  p95: z.number(),
  p99: z.number(),
  visitors: z.object({
    arrived: z.number(),
    returned: z.number().describe("of those arrived, browsers back with the cookies of an earlier visit"),
    active: z.number(),
    members: z.number(),
  }),
  kinds: z.partialRecord(Kind, KindStats),
  problems: z.array(z.string()).describe("the first few error answers: kind, path, status and code"),
});
export type Report = z.infer<typeof Report>;

/** Refuses any target that is not this machine. */
export function assertLoopback(baseUrl: string): URL {
  const url = new URL(baseUrl);
  if (!isLoopback(url))
    throw new Error(`the traffic generator only targets loopback addresses, not ${url.hostname}`);
  return url;
}

export function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return ["localhost", "::1"].includes(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** What a browser keeps between visits (and between runs, given back in `Options.browsers`). */
export interface Browser {
  id: number;
  /** Its own loopback address: distinct browsers, distinct clients (Linux routes all of 127/8 to lo). */
  localAddress: string;
  /** As a browser keeps them: by name, sent to paths under theirs. */
  cookies: Map<string, { value: string; path: string }>;
  member: boolean;
  handle?: string;
  watchlists: string[];
}

/** A browser on a visit. */
interface Visitor {
  browser: Browser;
  draw: () => number;
  agent: Agent;
  /** Signs up on arrival (a new member), else browses as a guest. */
  joins: boolean;
  /** Posts of its last feed page it has not liked yet. */
  unliked: string[];
  page: "feed" | "markets";
  /** Its next step is its page's poll (it stayed), not a new page. */
  polls: boolean;
  stepsLeft: number;
  dueAt: number;
  busy: boolean;
}

interface Answer {
  status: number;
  body: unknown;
}

/** A 1×1 PNG (the post's image: uploads check the bytes are one). */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC",
  "base64",
);

export async function runTraffic(options: Options): Promise<Report> {
  const base = assertLoopback(options.baseUrl);
  const minutes = Math.max(0, Math.min(options.minutes ?? 1, MAX_MINUTES));
  const rps = Math.max(1, Math.min(options.rps ?? 10, MAX_RPS));
  const limit = Math.min(options.requests ?? Math.ceil(rps * minutes * 60), MAX_REQUESTS);
  const poolSize = Math.max(1, Math.min(options.visitors ?? rps * 12, MAX_VISITORS));
  const seed = options.seed ?? 1;
  const started = Date.now();
  const stopAt = started + minutes * 60_000;
  // The first visitors arrive over the first 20 s (or a quarter of the run), not all at once.
  const rampMs = Math.min(20_000, (minutes * 60_000) / 4);
  const arrivals = mulberry32(seed);
  const active: Visitor[] = [];
  // Browsers of earlier runs come back first, then new ones arrive and those who left may come back.
  const browsers = options.browsers ?? [];
  const away: Browser[] = [...browsers];
  let known = away.length;
  const handles = browsers.flatMap((b) => (b.handle ? [b.handle] : []));
  const latencies = new Map<Kind, number[]>();
  const errors = new Map<Kind, number>();
  const problems: string[] = [];
  let sent = 0;
  let arrived = 0;
  let returned = 0;
  let fresh = Math.max(-1, ...browsers.map((b) => b.id)) + 1;
  const stopped = () => options.signal?.aborted || sent >= limit || Date.now() >= stopAt;
  /** Takes the next request slot; answers how long until it comes. */
  const slot = () => started + (sent++ * 1000) / rps - Date.now();
  /** Slots taken ahead of now: visits wait for them, and no new step starts while a second's are. */
  const backlog = () => started + (sent * 1000) / rps - Date.now();

  const record = (kind: Kind, ms: number, failed: boolean, problem?: string) => {
    const list = latencies.get(kind) ?? [];
    list.push(ms);
    latencies.set(kind, list);
    if (!failed) return;
    errors.set(kind, (errors.get(kind) ?? 0) + 1);
    if (problem && problems.length < 10) problems.push(problem);
  };

  /**
   * One request as the visitor's browser sends it: its cookies, the app's origin, JSON. On a 401 the browser
   * rotates its session with the refresh cookie once and tries again (client/api.ts).
   */
  const send = async (
    visitor: Visitor,
    kind: Kind,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<Answer> => {
    const answer = await sendOnce(visitor, kind, path, init);
    if (answer.status !== 401 || path.startsWith("/api/auth/") || !visitor.browser.cookies.has("bourse_rt"))
      return answer;
    const refreshed = await sendOnce(visitor, "refresh", "/api/auth/refresh", { method: "POST" });
    return refreshed.status === 204 ? sendOnce(visitor, kind, path, init) : answer;
  };

  const sendOnce = async (
    visitor: Visitor,
    kind: Kind,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<Answer> => {
    // Past its time or count (or stopped), a visit in progress sends nothing more: the bounds are strict.
    if (stopped()) return { status: 0, body: undefined };
    // Each request takes the next slot of the rate: never more than `rps` a second, bursts included.
    const wait = slot();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
    if (options.signal?.aborted || Date.now() >= stopAt) return { status: 0, body: undefined };
    const payload = init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body));
    const headers: Record<string, string> = {
      accept: "application/json",
      origin: base.origin,
      "user-agent": `bourse-traffic/1 (visitor ${visitor.browser.id})`,
      ...options.headers?.(kind),
    };
    const jar = [...visitor.browser.cookies].filter(([, c]) => path.startsWith(c.path));
    if (jar.length) headers.cookie = jar.map(([name, c]) => `${name}=${c.value}`).join("; ");
    if (payload) {
      headers["content-type"] = "application/json";
      headers["content-length"] = String(payload.length);
    }
    const at = performance.now();
    const answer = await new Promise<Answer & { cookies: string[] }>((done) => {
      // No answer (refused, reset, timed out): a 599, as load tools report it.
      const broken = (error: Error) =>
        done({ status: 599, body: { error: { code: error.message } }, cookies: [] });
      const req = request(
        new URL(path, base),
        {
          method: init.method ?? (payload ? "POST" : "GET"),
          headers,
          agent: visitor.agent,
          timeout: 30_000,
          ...(ipv4 ? { family: 4 } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => {
            let body: unknown;
            try {
              body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
            } catch {
              body = undefined;
            }
            done({ status: res.statusCode ?? 0, body, cookies: res.headers["set-cookie"] ?? [] });
          });
          res.on("error", broken);
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", broken);
      req.end(payload);
    });
    for (const cookie of answer.cookies) {
      const [pair, ...attributes] = cookie.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const path =
        attributes
          .find((a) => /^\s*path=/i.test(a))
          ?.split("=")[1]
          ?.trim() || "/";
      // An expired or emptied cookie is gone (a log-out, a refused refresh).
      if (!value || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)))
        visitor.browser.cookies.delete(name);
      else visitor.browser.cookies.set(name, { value, path });
    }
    const failed = answer.status >= 400;
    const code = (answer.body as { error?: { code?: string } } | undefined)?.error?.code ?? "";
    record(kind, performance.now() - at, failed, `${kind} ${path}: ${answer.status} ${code}`.trim());
    return answer;
  };

  // Each browser connects from its own 127.x.y.z over IPv4 (`localhost` may resolve to ::1 first); a
  // target given as ::1 has one loopback address only, so its browsers share it.
  const ipv4 = base.hostname.replace(/^\[|\]$/g, "") !== "::1";
  const agentOf = (browser: Browser) =>
    new Agent({
      keepAlive: true,
      maxSockets: 4,
      ...(ipv4 ? { localAddress: browser.localAddress, family: 4 } : {}),
    });

  const stepsOfVisit = (draw: () => number) =>
    VISIT_STEPS.min + Math.floor(draw() * (VISIT_STEPS.max - VISIT_STEPS.min + 1));

  /**
   * Someone arrives: after the first pool, half the time a browser that came before (its cookies, its
   * address, its account), else a new one. The first pool is met mid-visit (fewer steps left), so visitors
   * come and go from the start.
   */
  const arrive = (first: boolean): Visitor => {
    arrived++;
    const back = away.length > 0 && (first ? known > 0 : arrivals() < RETURN_SHARE);
    let browser: Browser;
    if (back) {
      [browser] = away.splice(Math.floor(arrivals() * away.length), 1) as [Browser];
      returned++;
      if (first) known--;
    } else {
      const id = fresh++;
      browser = {
        id,
        localAddress: `127.${1 + ((id >> 14) & 127)}.${(id >> 6) & 255}.${1 + (id & 63)}`,
        cookies: new Map(),
        member: false,
        watchlists: [],
      };
      browsers.push(browser);
    }
    const draw = mulberry32(seed * 100_003 + browser.id);
    const visitor: Visitor = {
      browser,
      draw,
      agent: agentOf(browser),
      joins: !back && draw() < (options.joinShare ?? JOIN_SHARE),
      unliked: [],
      page: "markets",
      polls: false,
      stepsLeft: first ? 1 + Math.floor(draw() * VISIT_STEPS.max) : stepsOfVisit(draw),
      dueAt: Date.now(),
      busy: false,
    };
    active.push(visitor);
    return visitor;
  };

  const pick = <T>(visitor: Visitor, items: readonly T[]): T | undefined =>
    items[Math.floor(visitor.draw() * items.length)];
  const tickers = (visitor: Visitor) => {
    const wanted = 2 + Math.floor(visitor.draw() * 4);
    const out = new Set<string>();
    while (out.size < wanted) out.add(pick(visitor, TICKERS) as string);
    return [...out];
  };
  const think = (visitor: Visitor) =>
    Math.min(THINK_MS.max, Math.max(THINK_MS.min, -Math.log(1 - visitor.draw()) * THINK_MS.mean));

  /** The first visit of a browser: a guest session; a member then signs up and follows a few people. */
  const enter = async (visitor: Visitor) => {
    await send(visitor, "guest", "/api/auth/anonymous", { method: "POST" });
    if (visitor.joins) await signUp(visitor);
  };

  const signUp = async (visitor: Visitor) => {
    const tag = `${seed.toString(36)}${started.toString(36).slice(-4)}${visitor.browser.id.toString(36)}`;
    const handle = `t${tag}`.slice(0, 20);
    const answer = await send(visitor, "signup", "/api/auth/signup", {
      body: {
        email: `traffic-${tag}@example.com`,
        password: "correct horse battery staple",
        handle,
        displayName: `Traffic ${visitor.browser.id}`,
      },
    });
    if (answer.status !== 201) return;
    visitor.browser.member = true;
    visitor.browser.handle = handle;
    const others = [...handles];
    handles.push(handle);
    for (let i = 0; i < FOLLOWS && others.length; i++) {
      const [other] = others.splice(Math.floor(visitor.draw() * others.length), 1);
      await send(visitor, "follow", `/api/users/${other}/follow`, { method: "PUT" });
    }
  };

  const readFeed = async (visitor: Visitor, limit: number) => {
    visitor.page = "feed";
    const answer = await send(visitor, "feed_read", `/api/feed?limit=${limit}`);
    const items = (answer.body as { items?: { id: string; likedByMe?: boolean }[] } | undefined)?.items;
    if (limit > 10 && items) visitor.unliked = items.filter((p) => !p.likedByMe).map((p) => p.id);
  };

  /** The markets page: the visitor's watchlists (a first one made on the first visit), then their sentiment. */
  const markets = async (visitor: Visitor) => {
    visitor.page = "markets";
    const list = await send(visitor, "watchlist_read", "/api/watchlists");
    const items = (list.body as { items?: { id: string }[] } | undefined)?.items;
    if (items) visitor.browser.watchlists = items.map((w) => w.id);
    if (list.status === 200 && visitor.browser.watchlists.length === 0) {
      const made = await send(visitor, "watchlist_create", "/api/watchlists", {
        body: { name: "My list", tickers: tickers(visitor) },
      });
      const id = (made.body as { watchlist?: { id: string } } | undefined)?.watchlist?.id;
      if (id) visitor.browser.watchlists.push(id);
    }
    await Promise.all(
      visitor.browser.watchlists.map((id) =>
        send(visitor, "sentiment_read", `/api/watchlists/${id}/sentiment`),
      ),
    );
  };

  const post = async (visitor: Visitor) => {
    const presigned = await send(visitor, "post", "/api/uploads", {
      body: { purpose: "post", contentType: "image/png", size: PNG.length },
    });
    if (presigned.status !== 201 || stopped()) return;
    const wait = slot();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
    if (options.signal?.aborted || Date.now() >= stopAt) return;
    const form = presigned.body as { url: string; fields: Record<string, string>; key: string };
    const at = performance.now();
    const data = new FormData();
    for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
    data.append("file", new Blob([PNG], { type: "image/png" }));
    const stored = isLoopback(new URL(form.url))
      ? await fetch(form.url, { method: "POST", body: data }).then(
          (r) => r.status,
          () => 599,
        )
      : 0;
    record("post", performance.now() - at, stored < 200 || stored >= 300, `post upload: ${stored}`);
    if (stored < 200 || stored >= 300) return;
    await send(visitor, "post", "/api/posts", {
      body: { imageKey: form.key, caption: `Watching $${pick(visitor, TICKERS)} #traffic` },
    });
  };

  const step = async (visitor: Visitor) => {
    if (visitor.browser.cookies.size === 0) return enter(visitor);
    if (visitor.polls) {
      if (visitor.page === "feed") return readFeed(visitor, 10);
      const id = pick(visitor, visitor.browser.watchlists);
      if (id) return void (await send(visitor, "sentiment_read", `/api/watchlists/${id}/sentiment`));
      return markets(visitor);
    }
    const weights: Partial<Record<Step, number>> = visitor.browser.member ? MEMBER_STEPS : GUEST_STEPS;
    const total = Object.values(weights).reduce((a, b) => a + b, 0);
    let x = visitor.draw() * total;
    let chosen: Step = "markets";
    for (const [name, weight] of Object.entries(weights) as [Step, number][]) {
      x -= weight;
      if (x < 0) {
        chosen = name;
        break;
      }
    }
    switch (chosen) {
      case "feed":
        return readFeed(visitor, 20);
      case "markets":
        return markets(visitor);
      case "like": {
        const id = visitor.unliked.shift();
        if (!id) return readFeed(visitor, 20);
        await send(visitor, "like", `/api/posts/${id}/like`, { method: "PUT" });
        return;
      }
      case "post":
        return post(visitor);
      case "edit": {
        const id = pick(visitor, visitor.browser.watchlists);
        if (!id) return markets(visitor);
        await send(visitor, "watchlist_edit", `/api/watchlists/${id}`, {
          method: "PATCH",
          body: { tickers: tickers(visitor) },
        });
        return;
      }
      case "signup":
        return signUp(visitor);
    }
  };

  /** When the visitor acts next: after its page's poll interval if it stays, else after thinking. */
  const nextDue = (visitor: Visitor) => {
    visitor.polls = visitor.draw() < STAY[visitor.browser.member ? "member" : "guest"];
    return Date.now() + (visitor.polls ? POLL_MS[visitor.page] : think(visitor));
  };

  const report = (): Report => {
    const all = [...latencies.values()].flat();
    const elapsedMs = Date.now() - started;
    return {
      elapsedMs,
      requests: all.length,
      errors: [...errors.values()].reduce((a, b) => a + b, 0),
      throughput: Math.round((all.length / Math.max(0.001, elapsedMs / 1000)) * 10) / 10,
      ...percentiles(all),
      visitors: {
        arrived,
        returned,
        active: active.length,
        members: active.filter((v) => v.browser.member).length,
      },
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
    while (!stopped()) {
      const now = Date.now();
      // New visitors: the pool ramps up, then each one who left is replaced.
      const allowed = rampMs > 0 ? Math.ceil(poolSize * Math.min(1, (now - started) / rampMs)) : poolSize;
      while (active.length < allowed) arrive(arrived < poolSize);
      // Due visitors act, oldest due first, as long as the request rate allows.
      const due = active.filter((v) => !v.busy && v.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
      for (const visitor of due) {
        if (stopped() || backlog() > 1000) break;
        visitor.busy = true;
        const task: Promise<void> = step(visitor)
          .catch((error: unknown) => {
            // An answer of an unexpected shape: kept for the log (its request was counted already).
            if (problems.length < 10) problems.push(`step failed: ${String(error)}`);
          })
          .finally(() => {
            inFlight.delete(task);
            visitor.busy = false;
            if (--visitor.stepsLeft > 0) visitor.dueAt = nextDue(visitor);
            else {
              active.splice(active.indexOf(visitor), 1);
              visitor.agent.destroy();
              away.push(visitor.browser);
              if (away.length > MAX_VISITORS) away.shift();
            }
          });
        inFlight.add(task);
      }
      await new Promise((done) => setTimeout(done, 20));
    }
    await Promise.all(inFlight);
  } finally {
    clearInterval(progress);
    for (const visitor of active) visitor.agent.destroy();
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
      `p50 ${report.p50} ms, p95 ${report.p95} ms, p99 ${report.p99} ms, ${report.errors} errors; ` +
      `${report.visitors.arrived} visitors`,
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
