/**
 * One circuit breaker per external service, shared by every instance through the table. cockatiel runs the
 * state machine (5 consecutive failures open it; after a cool-down one probe half-opens it; a success
 * closes it); each call rebuilds the policy from the stored state and writes back what changed
 * (write-through, cached 60 s per instance). When the state cannot be read the call proceeds (fail open),
 * and that is counted.
 */
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from "cockatiel";
import { monotonicFactory } from "ulid";
import * as z from "zod";
import { ttl } from "../dynamo";
import * as Series from "../metrics/series";
import * as User from "../user";
import { TtlCache } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import { breakerStates, breakerTransitions } from "./entities";

export const SERVICES = ["tiingo", "finnhub", "email", "bedrock"] as const;
export type Service = (typeof SERVICES)[number];

/** Consecutive failures that open a breaker. */
export const THRESHOLD = 5;
/** How long an open breaker refuses calls before one probe may pass. */
export const COOL_DOWN_MS = 30_000;
export const CACHE_TTL_MS = 60_000;
export const HISTORY_DAYS = 7;

export const State = z.enum(["closed", "open", "half_open"]);
export type State = z.infer<typeof State>;

export const Transition = z.object({
  from: State,
  to: State,
  at: z.number().describe("epoch milliseconds"),
  failures: z.number(),
});
export type Transition = z.infer<typeof Transition>;

export const Info = z.object({
  service: z.string(),
  state: State,
  failures: z.number().describe("consecutive failures counted"),
  changedAt: z.number().nullable().describe("epoch milliseconds of the last transition, null if never"),
  history: z.array(Transition).describe("transitions of the last 7 days, newest first"),
});
export type Info = z.infer<typeof Info>;

interface Stored {
  state: State;
  failures: number;
  changedAt: number | null;
}

/** Transitions in one millisecond keep their order (their sort key ends with this id). */
const ulid = monotonicFactory();

const CLOSED: Stored = { state: "closed", failures: 0, changedAt: null };

/** Refused without calling: the breaker is open (callers fall back or skip). */
export class OpenError extends Error {
  constructor(readonly service: string) {
    super(`${service}: circuit open`);
    this.name = "BreakerOpenError";
  }
}

const cache = new TtlCache<Stored>("breakers", CACHE_TTL_MS);
const failOpens = new Map<string, number>();

/** Calls made although the breaker's state could not be read, per service (this instance). */
export function failOpenCount(service: string): number {
  return failOpens.get(service) ?? 0;
}

/** Write-throughs per service: a read that saw one happen meanwhile takes the newer state. */
const writes = new Map<string, number>();

function remember(service: string, stored: Stored, now: Clock) {
  writes.set(service, (writes.get(service) ?? 0) + 1);
  cache.set(service, stored, now);
}

async function read(service: string, now: Clock): Promise<Stored | undefined> {
  const seen = writes.get(service);
  try {
    const stored = await cache.get(
      service,
      async () => {
        const item = (await breakerStates.get({ service }).go()).data;
        return item ? { state: item.state, failures: item.failures, changedAt: item.changedAt } : CLOSED;
      },
      now,
    );
    return writes.get(service) === seen ? stored : (live.get(service)?.stored ?? stored);
  } catch {
    failOpens.set(service, failOpenCount(service) + 1);
    Series.count("bourse_breaker_fail_open_total", { service });
    return undefined;
  }
}

const NAMES: Record<CircuitState, State> = {
  [CircuitState.Closed]: "closed",
  [CircuitState.Open]: "open",
  [CircuitState.HalfOpen]: "half_open",
  [CircuitState.Isolated]: "open",
};

/**
 * cockatiel's state to start from. It times the cool-down by its own clock, so an open breaker is handed
 * an `openedAt` that makes its decision ours: long ago once our clock says the cool-down is over, else
 * far ahead. A stored half-open (another instance probing) is open to the rest until the same cool-down.
 */
function initialOf(stored: Stored, at: number) {
  if (stored.state === "closed")
    return { ownState: { value: CircuitState.Closed }, breakerState: stored.failures };
  const cooled = at - (stored.changedAt ?? 0) >= COOL_DOWN_MS;
  return {
    ownState: { value: CircuitState.Open, openedAt: cooled ? 0 : Number.MAX_SAFE_INTEGER, attemptNo: 1 },
    breakerState: stored.failures,
  };
}

export interface CallOptions {
  /** Which errors are the service failing (default: every error); fixed by a service's first call. */
  isFailure?: (error: unknown) => boolean;
}

/**
 * This instance's policy per service. A closed one lives on while the cached state is the one it wrote or
 * was built from, so concurrent calls count their failures together; an open one is rebuilt at each call,
 * so our clock (not cockatiel's) decides when it may half-open. Transitions are cached at once (a probe in
 * flight keeps the others out) and written in order, one write at a time.
 */
interface Live {
  /** The read it was built from: a call that read the same state meanwhile joins it (one probe, not two). */
  from: Stored;
  policy: CircuitBreakerPolicy;
  breaker: ConsecutiveBreaker;
  stored: Stored;
  persisted: Stored;
  transitions: Transition[];
  writing: Promise<void>;
}
const live = new Map<string, Live>();

function liveFor(service: string, stored: Stored, now: Clock, options: CallOptions): Live {
  const current = live.get(service);
  if (current?.stored === stored && stored.state === "closed") return current;
  // Concurrent calls that read one open state: the first builds the policy and probes; once it has moved
  // the state on, the others join it instead of each probing from the stale read.
  if (current?.from === stored && current.stored !== stored) return current;
  const breaker = new ConsecutiveBreaker(THRESHOLD);
  const policy = circuitBreaker(handleWhen(options.isFailure ?? (() => true)), {
    halfOpenAfter: COOL_DOWN_MS,
    breaker,
    initialState: initialOf(stored, now().getTime()),
  });
  const entry: Live = {
    from: stored,
    policy,
    breaker,
    stored,
    persisted: stored,
    transitions: [],
    writing: current?.writing ?? Promise.resolve(),
  };
  policy.onStateChange((next) => {
    const to = NAMES[next];
    const at = now().getTime();
    entry.transitions.push({ from: entry.stored.state, to, at, failures: breaker.state as number });
    entry.stored = { state: to, failures: breaker.state as number, changedAt: at };
    remember(service, entry.stored, now);
  });
  live.set(service, entry);
  return entry;
}

/** Runs `run` through the service's breaker; OpenError without calling while it is open. */
export async function call<T>(
  service: string,
  run: () => Promise<T>,
  now: Clock = systemClock,
  options: CallOptions = {},
): Promise<T> {
  const stored = await read(service, now);
  if (!stored) return run();
  const entry = liveFor(service, stored, now, options);
  try {
    return await entry.policy.execute(run);
  } catch (error) {
    if (error instanceof BrokenCircuitError) throw new OpenError(service);
    throw error;
  } finally {
    const failures = entry.breaker.state as number;
    if (failures !== entry.stored.failures) {
      entry.stored = { ...entry.stored, failures };
      remember(service, entry.stored, now);
    }
    if (entry.stored !== entry.persisted) await persist(service, entry);
  }
}

function persist(service: string, entry: Live): Promise<void> {
  const next = entry.stored;
  const transitions = entry.transitions.splice(0);
  entry.persisted = next;
  entry.writing = entry.writing
    .catch(() => undefined)
    .then(async () => {
      await Promise.all([
        breakerStates
          .put({ service, state: next.state, failures: next.failures, changedAt: next.changedAt ?? 0 })
          .go(),
        ...transitions.map((t) =>
          breakerTransitions
            .create({ service, transitionID: ulid(t.at), ...t, expiresAt: ttl(new Date(t.at), HISTORY_DAYS) })
            .go(),
        ),
      ]);
      for (const t of transitions) Series.count("bourse_breaker_transitions_total", { service, to: t.to });
    });
  return entry.writing;
}

/** The state a call would start from now: open turns half-open once cooled down (no call needed to see it). */
export async function get(service: string, now: Clock = systemClock): Promise<Info> {
  const [item, history] = await Promise.all([
    breakerStates.get({ service }).go({ consistent: true }),
    breakerTransitions.query
      .primary({ service })
      .gte({ at: now().getTime() - HISTORY_DAYS * 86_400_000 })
      .go({ order: "desc", limit: 50 }),
  ]);
  const stored = item.data
    ? { state: item.data.state, failures: item.data.failures, changedAt: item.data.changedAt || null }
    : CLOSED;
  return {
    service,
    ...stored,
    history: history.data.map(({ from, to, at, failures }) => ({
      from: State.parse(from),
      to: State.parse(to),
      at,
      failures,
    })),
  };
}

/** Every service's breaker with its history (administrators). */
export async function list(now: Clock = systemClock): Promise<Info[]> {
  await User.assertAdmin();
  return Promise.all(SERVICES.map((service) => get(service, now)));
}

/** True when any service's breaker is not closed (health reports `degraded`); read through the cache. */
export async function anyOpen(
  now: Clock = systemClock,
  services: readonly string[] = SERVICES,
): Promise<boolean> {
  const states = await Promise.all(services.map((service) => read(service, now)));
  return states.some((s) => s !== undefined && s.state !== "closed");
}

/** The same as stored now, past this instance's cache (an administrator's live health). */
export async function anyStoredOpen(services: readonly string[] = SERVICES): Promise<boolean> {
  const states = await Promise.all(
    services.map(async (service) => (await breakerStates.get({ service }).go({ consistent: true })).data),
  );
  return states.some((s) => s && s.state !== "closed");
}

/** Forgets this instance's cached states and policies, as a new instance would start (tests). */
export function forget(): void {
  cache.clear();
  live.clear();
}
