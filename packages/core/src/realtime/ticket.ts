export * as Ticket from "./ticket";

import * as z from "zod";
import * as Actor from "../actor";
import * as AccessToken from "../auth/access-token";
import { newSecret, sha256 } from "../auth/secret";
import * as Session from "../auth/session";
import { isConditionalFailure } from "../dynamo";
import { UnauthorizedError } from "../error";
import { type Clock, systemClock } from "../util/clock";
import type { Member } from "./connection";
import { tickets } from "./entities";

/** How long a ticket may wait for its $connect. */
export const TTL_SECONDS = 60;

export const Info = z.object({ ticket: z.string(), expiresIn: z.number().describe("seconds") });
export type Info = z.infer<typeof Info>;

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);
const invalid = () => new UnauthorizedError("Invalid, used or expired ticket", "invalid_ticket");

/** A ticket for the calling member or guest's next $connect (the browser's: its cookie is httpOnly). */
export async function issue(now: Clock = systemClock): Promise<Info> {
  const actor = Actor.assert("user", "anonymous");
  const { userID, sessionID } = actor.properties;
  const ticket = newSecret();
  const kind = actor.type === "user" ? "member" : "anonymous";
  await tickets
    .create({ ticketHash: sha256(ticket), userID, sessionID, kind, expiresAt: seconds(now()) + TTL_SECONDS })
    .go();
  return { ticket, expiresIn: TTL_SECONDS };
}

/**
 * The actor of a ticket, used up (deleted) on the way: a second use finds nothing. The session behind it
 * gets the same standing checks as an access token's (revoked, expired, user deleted, older than a
 * password change), by Session.authenticate itself.
 */
export async function redeem(ticket: string, now: Clock = systemClock): Promise<Member> {
  if (typeof ticket !== "string" || !/^[\w-]{20,100}$/.test(ticket)) throw invalid();
  const used = await tickets
    .delete({ ticketHash: sha256(ticket) })
    .where((a, op) => op.exists(a.ticketHash))
    .go({ response: "all_old" })
    .catch((error: unknown) => {
      if (isConditionalFailure(error)) throw invalid();
      throw error;
    });
  const item = used.data;
  if (!item || item.expiresAt <= seconds(now())) throw invalid();
  const claims = { userID: item.userID, sessionID: item.sessionID, kind: item.kind };
  const { token } = await AccessToken.sign(claims, now());
  return Session.authenticate(token, now()).catch(() => {
    throw invalid();
  });
}
