export * as Topic from "./topic";

import * as z from "zod";
import * as Actor from "../actor";
import { ForbiddenError, ValidationError } from "../error";
import * as Partner from "../partner";
import * as User from "../user";
import * as Watchlist from "../watchlist";

/**
 * What a socket may follow, as the client names it, and what it is stored as. A client asks for
 * `notifications:<userID>`, `feed:<userID>` (its own), `watchlist:<watchlistID>` (one it may read: it
 * follows that list's tickers' sentiment), `orders:<partnerID>` (a partner it may read) or `breakers`
 * (admins). Each becomes one or more concrete topics, the names that push.ts publishes to.
 */
export const Requested = z
  .string()
  .max(80)
  .regex(/^(notifications|feed|watchlist|orders):[\w-]{1,64}$|^breakers$/, "an unknown topic");
export type Requested = z.infer<typeof Requested>;

/** The concrete topics a message is published to. */
export const notifications = (userID: string) => `notifications:${userID}`;
export const feed = (userID: string) => `feed:${userID}`;
export const sentiment = (symbol: string) => `sentiment:${symbol}`;
export const orders = (partnerID: string) => `orders:${partnerID}`;
export const BREAKERS = "breakers";

/**
 * The concrete topics of a requested one, if the actor may read them; another member's notifications or
 * feed, a watchlist that is not the caller's, a partner the caller does not operate → ForbiddenError.
 */
export async function resolve(requested: string): Promise<string[]> {
  const parsed = Requested.safeParse(requested);
  if (!parsed.success) throw new ValidationError(`Unknown topic "${String(requested).slice(0, 80)}"`);
  const [kind, id = ""] = parsed.data.split(":");
  const self = () => Actor.assert("user", "anonymous").properties.userID;
  switch (kind) {
    case "notifications":
    case "feed":
      if (id !== self()) throw new ForbiddenError("Only your own notifications and feed");
      return [kind === "feed" ? feed(id) : notifications(id)];
    case "watchlist": {
      self();
      // Watchlist.get is owner-scoped: another owner's list is NotFound, reported as forbidden here too.
      const list = await Watchlist.get(id).catch(() => {
        throw new ForbiddenError("No such watchlist of yours");
      });
      return list.tickers.map(sentiment);
    }
    case "orders":
      await Partner.assertReader(id);
      return [orders(id)];
    default:
      await User.assertAdmin();
      return [BREAKERS];
  }
}
