/**
 * One ingestion run: both providers for the watched symbols, normalised, deduplicated across providers
 * (same canonical URL or same normalised headline) and across runs (the article's key is its URL's digest,
 * a guard item holds its headline), each story stored once with a link per watched ticker.
 */
import { ulid } from "ulid";
import { ttl } from "../dynamo";
import { chunk, getAll, pool } from "../dynamo/batch";
import { action, transact } from "../dynamo/transaction";
import * as Breaker from "../resilience/breaker";
import * as Chaos from "../resilience/chaos";
import * as Quota from "../resilience/quota";
import type { Clock } from "../util/clock";
import { canonicalUrl, digest, normalHeadline } from "./canonical";
import { articleHeadlines, articles, articleTickers, newsRuns } from "./entities";
import * as Finnhub from "./providers/finnhub";
import {
  type Answer,
  type CallOptions,
  dayOf,
  type Fetched,
  PROVIDERS,
  ProviderError,
  type ProviderName,
} from "./providers/provider";
import * as Tiingo from "./providers/tiingo";

/** Articles, links, guards and runs are kept this long (TTL). */
export const KEEP_DAYS = 30;
/** Tiingo takes many tickers a call (up to 1,000 articles); Finnhub one symbol a call, a few at once. */
const TIINGO_TICKERS_PER_CALL = 10;
const TIINGO_LIMIT = 1000;
const FINNHUB_PARALLEL = 4;
/**
 * Each run asks for the last week (what the dashboard shows), so a newly watched ticker has its week at the
 * next run; what is stored already costs one batched read, not a write.
 */
const WINDOW_DAYS = 7;
/** One provider call gives up after this (less when the run's deadline is nearer). */
export const CALL_TIMEOUT_MS = 8000;
/** Kept free before the deadline for storing what came; no call starts inside it. */
export const RESERVE_MS = 4000;
/** A call is not started with less time than this left. */
const MIN_CALL_MS = 1000;
/** The pause before a call when a quota is near its limit. */
export const SLOW_MS = 1000;

/** Why a call was not made: its breaker is open, its quota is used up, or the run's deadline is near. */
export type NotCalled = "breaker_open" | "quota" | "deadline";

export interface ProviderStats {
  calls: number;
  failures: number;
  fetched: number;
  stored: number;
  duplicates: number;
  /** Items (or whole answers) that could not be read. */
  skipped: number;
  /** Why calls failed or items were skipped (the first few). */
  errors: string[];
  /** Calls not made, by why. */
  notCalled: Record<NotCalled, number>;
}

/** ok; degraded (a provider failed or was skipped); skipped (no provider could be called at all). */
export type RunStatus = "ok" | "degraded" | "skipped";

export interface RunReport {
  id: string;
  ranAt: number;
  symbols: number;
  stored: number;
  status: RunStatus;
  providers: Record<ProviderName, ProviderStats>;
  durationMs: number;
}

export type IngestOptions = Partial<
  Record<
    ProviderName,
    CallOptions & { /** The breaker and quota it counts against (default its name). */ service?: string }
  >
> & {
  /** Epoch ms by which the run must be over (the cron's function timeout); no call starts near it. */
  deadline?: number;
};

/** A story as it will be stored, merged from every item that told it. */
interface Story {
  id: string;
  canonical: string;
  headlineKey: string;
  url: string;
  title: string;
  description: string;
  source: string;
  publishedAt: number;
  tickers: Set<string>;
  providers: ProviderName[];
}

const MAX_ERRORS = 10;

export async function ingest(symbols: string[], now: Clock, options: IngestOptions = {}): Promise<RunReport> {
  const started = now();
  const watched = new Set(symbols.map((s) => s.toUpperCase()));
  const stats = Object.fromEntries(
    PROVIDERS.map((p) => [
      p,
      {
        calls: 0,
        failures: 0,
        fetched: 0,
        stored: 0,
        duplicates: 0,
        skipped: 0,
        errors: [],
        notCalled: { breaker_open: 0, quota: 0, deadline: 0 },
      },
    ]),
  ) as unknown as Record<ProviderName, ProviderStats>;
  const note = (provider: ProviderName, why: string) => {
    const errors = stats[provider].errors;
    if (errors.length < MAX_ERRORS) errors.push(why);
  };

  // 1. Fetch: every call on its own, so one provider's failure (or a bad answer) costs only its stories.
  const from = dayOf(new Date(started.getTime() - WINDOW_DAYS * 86_400_000));
  const to = dayOf(started);
  const list = [...watched].sort();
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  const notCall = (provider: ProviderName, why: NotCalled): Fetched[] => {
    stats[provider].notCalled[why]++;
    return [];
  };
  // Each call: the deadline, the quota, then the breaker (which chaos on AWS makes fail as the provider would).
  const call = async (
    provider: ProviderName,
    run: (callOptions: CallOptions) => Promise<Answer>,
  ): Promise<Fetched[]> => {
    const service = options[provider]?.service ?? provider;
    const left = () => deadline - RESERVE_MS - now().getTime();
    if (left() < MIN_CALL_MS) return notCall(provider, "deadline");
    const verdict = await Quota.take(service, now, Quota.limitsOf(provider));
    if (verdict === "exhausted") return notCall(provider, "quota");
    if (verdict === "slow") await pause(Math.min(SLOW_MS, left() - MIN_CALL_MS));
    if (left() < MIN_CALL_MS) return notCall(provider, "deadline");
    const timeoutMs = Math.min(options[provider]?.timeoutMs ?? CALL_TIMEOUT_MS, left());
    try {
      const answer = await Breaker.call(
        service,
        async () => {
          stats[provider].calls++;
          await actOutChaos(provider, timeoutMs, now);
          return run({ ...options[provider], timeoutMs });
        },
        now,
        { isFailure: (error) => error instanceof ProviderError },
      );
      stats[provider].fetched += answer.items.length + answer.skipped;
      stats[provider].skipped += answer.skipped;
      for (const problem of answer.problems) note(provider, `malformed ${problem}`);
      return answer.items;
    } catch (error) {
      if (error instanceof Breaker.OpenError) return notCall(provider, "breaker_open");
      if (!(error instanceof ProviderError)) throw error;
      stats[provider].failures++;
      // A malformed answer as a whole is skipped and counted too.
      if (error.kind === "malformed") stats[provider].skipped++;
      note(provider, `${error.kind}: ${error.message}`);
      return [];
    }
  };
  const fetched = (
    await Promise.all([
      ...chunk(list, TIINGO_TICKERS_PER_CALL).map((tickers) =>
        call("tiingo", (callOptions) =>
          Tiingo.news({ tickers, startDate: from, endDate: to, limit: TIINGO_LIMIT }, callOptions),
        ),
      ),
      pool(list, FINNHUB_PARALLEL, (symbol) =>
        call("finnhub", (callOptions) => Finnhub.companyNews({ symbol, from, to }, callOptions)),
      ).then((answers) => answers.flat()),
    ])
  ).flat();

  // 2. Merge within the run: the same story from two providers (or two queries) is one story.
  const byUrl = new Map<string, Story>();
  const byHeadline = new Map<string, Story>();
  const stories: Story[] = [];
  const firstTeller = new Map<Story, ProviderName>();
  for (const item of fetched) {
    const tickers = item.tickers.filter((t) => watched.has(t));
    const canonical = canonicalUrl(item.url);
    const headlineKey = digest(normalHeadline(item.title));
    if (!canonical || !normalHeadline(item.title)) {
      stats[item.provider].skipped++;
      note(item.provider, `malformed item: no usable url or headline`);
      continue;
    }
    // Not about a watched ticker (a provider's loose match): not ours to keep.
    if (tickers.length === 0) continue;
    const known = byUrl.get(canonical) ?? byHeadline.get(headlineKey);
    if (known) {
      for (const t of tickers) known.tickers.add(t);
      if (!known.providers.includes(item.provider)) known.providers.push(item.provider);
      if (!known.description && item.description) known.description = item.description;
      // Prefer the publisher's link to a provider's redirect.
      if (isRedirect(known.url) && !isRedirect(item.url)) {
        known.url = item.url;
        known.source = item.source;
      }
      known.publishedAt = Math.min(known.publishedAt, item.publishedAt);
      stats[item.provider].duplicates++;
      byUrl.set(canonical, known);
      byHeadline.set(headlineKey, known);
      continue;
    }
    const story: Story = {
      id: digest(canonical),
      canonical,
      headlineKey,
      url: item.url,
      title: item.title,
      description: item.description,
      source: item.source,
      publishedAt: item.publishedAt,
      tickers: new Set(tickers),
      providers: [item.provider],
    };
    stories.push(story);
    firstTeller.set(story, item.provider);
    byUrl.set(canonical, story);
    byHeadline.set(headlineKey, story);
  }

  // 3. Across runs: what is stored already (by URL, or by headline) only gains the tickers it lacks.
  const storedByID = new Map(
    (
      await getAll(
        stories.map((s) => ({ articleID: s.id })),
        (keys) => articles.get(keys).go({ consistent: true }),
      )
    ).map((a) => [a.articleID, a]),
  );
  const guards = new Map(
    (
      await getAll(
        stories.filter((s) => !storedByID.has(s.id)).map((s) => ({ headlineKey: s.headlineKey })),
        (keys) => articleHeadlines.get(keys).go({ consistent: true }),
      )
    ).map((g) => [g.headlineKey, g.articleID]),
  );
  const viaHeadline = [...new Set(guards.values())].filter((id) => !storedByID.has(id));
  for (const a of await getAll(
    viaHeadline.map((articleID) => ({ articleID })),
    (keys) => articles.get(keys).go({ consistent: true }),
  ))
    storedByID.set(a.articleID, a);

  const at = started.getTime();
  const expiresAt = ttl(started, KEEP_DAYS);
  const links = (story: Story, articleID: string, tickers: Iterable<string>) =>
    [...tickers].map((symbol) =>
      action(
        articleTickers.create({
          symbol,
          publishedAt: story.publishedAt,
          articleID,
          title: story.title,
          url: story.url,
          source: story.source,
          expiresAt,
        }),
      ),
    );

  type Stored = NonNullable<ReturnType<typeof storedByID.get>>;
  /** A stored story gains the tickers it lacks, with their links, in one transaction. */
  const widen = async (story: Story, existing: Stored) => {
    const have = new Set(existing.tickers);
    const missing = [...story.tickers].filter((t) => !have.has(t));
    if (missing.length === 0) return;
    // A concurrent run adding the same ones cancels this, harmlessly (its links are the same).
    await transact([
      action(articles.update({ articleID: existing.articleID }).add({ tickers: missing })),
      ...links({ ...story, publishedAt: existing.publishedAt }, existing.articleID, missing),
    ]);
  };
  /** The stored story by its URL or its headline, read now (a concurrent run may have just stored it). */
  const storedNow = async (story: Story): Promise<Stored | undefined> => {
    const byUrl = (await articles.get({ articleID: story.id }).go({ consistent: true })).data;
    if (byUrl) return byUrl;
    const guard = (await articleHeadlines.get({ headlineKey: story.headlineKey }).go({ consistent: true }))
      .data;
    return guard
      ? ((await articles.get({ articleID: guard.articleID }).go({ consistent: true })).data ?? undefined)
      : undefined;
  };

  await pool(stories, 8, async (story) => {
    const teller = firstTeller.get(story) as ProviderName;
    const existing = storedByID.get(story.id) ?? storedByID.get(guards.get(story.headlineKey) ?? "");
    if (existing) {
      stats[teller].duplicates++;
      await widen(story, existing);
      return;
    }
    const outcome = await transact([
      action(
        articles.create({
          articleID: story.id,
          url: story.url,
          title: story.title,
          description: story.description || undefined,
          source: story.source,
          publishedAt: story.publishedAt,
          tickers: [...story.tickers],
          providers: story.providers,
          headlineKey: story.headlineKey,
          fetchedAt: at,
          expiresAt,
        }),
      ),
      action(articleHeadlines.create({ headlineKey: story.headlineKey, articleID: story.id, expiresAt })),
      ...links(story, story.id, story.tickers),
    ]);
    if (outcome.ok) {
      stats[teller].stored++;
      return;
    }
    if (!outcome.codes.includes("ConditionalCheckFailed"))
      throw new Error(`article transaction cancelled: ${outcome.codes.join(", ")}`);
    // Another run stored it since this one looked: link it to this run's tickers all the same.
    stats[teller].duplicates++;
    const found = await storedNow(story);
    if (found) await widen(story, found);
  });

  await Quota.flush(now).catch(() => undefined); // counted again by the next batch if the table refused
  const report: RunReport = {
    id: ulid(at),
    ranAt: at,
    symbols: watched.size,
    stored: PROVIDERS.reduce((n, p) => n + stats[p].stored, 0),
    status: statusOf(stats),
    providers: stats,
    durationMs: now().getTime() - at,
  };
  await newsRuns
    .create({
      ranAt: report.ranAt,
      runID: report.id,
      symbols: report.symbols,
      stored: report.stored,
      status: report.status,
      providers: report.providers,
      durationMs: report.durationMs,
      expiresAt,
    })
    .go();
  return report;
}

function statusOf(stats: Record<ProviderName, ProviderStats>): RunStatus {
  const all = PROVIDERS.map((p) => stats[p]);
  const notCalled = (s: ProviderStats) => Object.values(s.notCalled).reduce((a, b) => a + b, 0);
  if (all.every((s) => s.calls === 0 && notCalled(s) > 0)) return "skipped";
  return all.some((s) => s.failures > 0 || notCalled(s) > 0) ? "degraded" : "ok";
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, Math.max(0, ms)));

/** A chaos switch acted out here: the provider's own failure, or its silence until the call's timeout. */
const actOutChaos = (provider: ProviderName, timeoutMs: number, now: Clock) =>
  Chaos.actOut(
    provider,
    now,
    (status) =>
      status === 429
        ? new ProviderError(provider, "rate_limited", "HTTP 429 (chaos)", 429)
        : status === 500
          ? new ProviderError(provider, "unavailable", "HTTP 500 (chaos)", 500)
          : new ProviderError(provider, "unavailable", "no answer (TimeoutError, chaos)"),
    timeoutMs,
  );

/** Finnhub's own `finnhub.io/api/news?id=` links redirect to the publisher. */
function isRedirect(url: string): boolean {
  return /^https?:\/\/(www\.)?finnhub\.io\//i.test(url);
}
