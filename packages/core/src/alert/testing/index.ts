/** Fixtures for alert tests: members with their address, scored articles, a firing left by a crash. */
import { ulid } from "ulid";
import { ttl } from "../../dynamo";
import * as Sentiment from "../../sentiment";
import { member } from "../../social/testing";
import * as User from "../../user";
import { alertFirings } from "../entities";
import { firingID, type Scored } from "../evaluate";

/** A member and the address alert mail goes to. */
export async function subscriber() {
  const who = await member("Alerted");
  const email = (await User.getItem(who.id))?.email;
  if (!email) throw new Error("a member without an email");
  return { ...who, email };
}

/** An article about `symbol` scored now (as the scorer does): the evaluator's event on the platform. */
export async function scored(
  symbol: string,
  publishedAt = Date.now(),
  title = "Quarterly results",
): Promise<Scored> {
  const id = ulid();
  const at = new Date();
  await Sentiment.record(
    {
      id,
      title: `${title} ${id}`,
      url: `https://news.test/${id}`,
      source: "test",
      publishedAt,
      description: "",
      tickers: [symbol],
    },
    [symbol],
    () => at,
  );
  return { symbol, articleID: id, scoredAt: at.getTime() };
}

/** The state a crash leaves between a firing's transaction and its mail: the firing, token still on it. */
export async function crashedFiring(ownerID: string, ruleID: string, score: Scored) {
  const id = firingID(score.scoredAt, ruleID, score.symbol, score.articleID);
  await alertFirings
    .create({
      firingID: id,
      ownerID,
      ruleID,
      symbol: score.symbol,
      articleID: score.articleID,
      observed: "1 articles this hour",
      token: `crash-token-${ulid()}`,
      firedAt: score.scoredAt,
      expiresAt: ttl(new Date(), 1),
    })
    .go();
  return id;
}
