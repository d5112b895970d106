/**
 * Fires alert rules from new sentiment: each score the Sentiment context records (an `articleScore`
 * INSERT) is checked against the rules watching its symbol. Exactly once per firing under replay: the
 * firing's id is derived from (rule, symbol, article), and the firing item, the rule's cooldown move and
 * the unsubscribe token are one transaction; the mail is then queued under the firing's id (Email.send
 * with a fixed id queues once), so a crash between the two is finished by the replay.
 */
import { createHash } from "node:crypto";
import { encodeTime } from "ulid";
import { newSecret, sha256 } from "../auth/secret";
import { ttl } from "../dynamo";
import { action, transact } from "../dynamo/transaction";
import * as Sentiment from "../sentiment";
import { type Clock, systemClock } from "../util/clock";
import { alertFirings, alertRules, alertTargets, alertUnsubscribes } from "./entities";
import { mail } from "./mail";
import { Condition, holds, type Observed } from "./rule";
import { retarget } from "./targets";

const FIRING_KEEP_DAYS = 30;
export const UNSUBSCRIBE_KEEP_DAYS = 90;
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID whose time is `at` and whose random part is a hash of `parts`: the same event, the same id. */
export function firingID(at: number, ...parts: string[]): string {
  const digest = createHash("sha256").update(parts.join("\u0000")).digest();
  let tail = "";
  for (let i = 0; i < 16; i++) tail += CROCKFORD[digest[i]! % 32];
  return encodeTime(at, 10) + tail;
}

export interface Scored {
  symbol: string;
  articleID: string;
  /** When the score was recorded (epoch ms): the firing's time, the same on every replay. */
  scoredAt: number;
}

/** Checks every rule watching `score.symbol`; answers how many fired now. */
export async function evaluate(score: Scored, now: Clock = systemClock): Promise<number> {
  const targets = (await alertTargets.query.primary({ symbol: score.symbol }).go({ pages: "all" })).data;
  if (targets.length === 0) return 0;
  const observed = await Sentiment.current(score.symbol, now);
  let fired = 0;
  for (const t of targets) if (await consider(t.ownerID, t.ruleID, score, observed, now)) fired++;
  return fired;
}

async function consider(
  ownerID: string,
  ruleID: string,
  score: Scored,
  observed: Observed,
  now: Clock,
): Promise<boolean> {
  const id = firingID(score.scoredAt, ruleID, score.symbol, score.articleID);
  // A firing of this very event already exists (a replay): finish what it started, fire nothing new.
  const existing = (await alertFirings.get({ firingID: id }).go({ consistent: true })).data;
  if (existing) {
    if (existing.token) await mail(existing);
    return false;
  }
  const rule = (await alertRules.get({ ownerID, ruleID }).go({ consistent: true })).data;
  if (!rule?.enabled || !rule.symbols.includes(score.symbol)) return false;
  const seen = holds(Condition.parse(rule.condition), observed);
  if (!seen) return false;
  const at = now().getTime();
  const token = newSecret();
  const firing = {
    firingID: id,
    ownerID,
    ruleID,
    symbol: score.symbol,
    articleID: score.articleID,
    observed: seen,
    token,
    firedAt: at,
    expiresAt: ttl(new Date(at), FIRING_KEEP_DAYS),
  };
  const quietSince = at - rule.cooldownMinutes * 60_000;
  const outcome = await transact([
    action(alertFirings.create(firing)),
    // The cooldown: a rule fires at most once per cooldown, whatever the events racing here.
    action(
      alertRules
        .patch({ ownerID, ruleID })
        .set({ lastFiredAt: at })
        .where(
          (a, op) =>
            `${op.eq(a.enabled, true)} AND (${op.notExists(a.lastFiredAt)} OR ${op.lte(a.lastFiredAt, quietSince)})`,
        ),
    ),
    action(
      alertUnsubscribes.create({
        tokenHash: sha256(token),
        ownerID,
        ruleID,
        expiresAt: ttl(new Date(at), UNSUBSCRIBE_KEEP_DAYS),
      }),
    ),
  ]);
  if (!outcome.ok) {
    if (outcome.codes.some((c) => c !== "ConditionalCheckFailed" && c !== "None"))
      throw new Error(`alert firing cancelled: ${outcome.codes.join(", ")}`);
    // The firing raced in from a concurrent delivery of the same event: it mails; or the rule is cooling down.
    return false;
  }
  await mail(firing);
  return true;
}

/**
 * Keeps a watchlist rule's symbols in step with its list (the evaluator's `watchlist` MODIFY): the new
 * tickers, or none once the list is deleted. Idempotent: it moves the rule from what it has to what the list has.
 */
export async function followWatchlist(
  ownerID: string,
  watchlistID: string,
  tickers: string[] | null,
): Promise<void> {
  const rules = (await alertRules.query.primary({ ownerID }).go({ pages: "all", consistent: true })).data;
  for (const rule of rules) {
    const target = rule.target as { kind: string; watchlistID?: string };
    if (target.kind !== "watchlist" || target.watchlistID !== watchlistID) continue;
    const next = tickers ?? [];
    if (next.join() === rule.symbols.join()) continue;
    const outcome = await transact([
      action(
        alertRules
          .patch({ ownerID, ruleID: rule.ruleID })
          .set({ symbols: next, ...(tickers ? {} : { enabled: false }) })
          .where((a, op) => op.eq(a.updatedAt, rule.updatedAt)),
      ),
      ...retarget(rule, rule.symbols, next),
    ]);
    // Changed meanwhile (by its owner): the record is retried and reads it again.
    if (!outcome.ok) throw new Error(`watchlist rule ${rule.ruleID} changed meanwhile: retry`);
  }
}
