import { sha256 } from "../auth/secret";
import { NotFoundError } from "../error";
import { alertRules, alertUnsubscribes } from "./entities";

/**
 * One-click unsubscribe (RFC 8058): the mailed token switches its rule off. No actor is needed (the token
 * is the right); an unknown or expired token, or a deleted rule, is not found. Idempotent.
 */
export async function unsubscribe(token: string): Promise<{ ruleID: string }> {
  const invalid = () => new NotFoundError("This unsubscribe link is invalid or expired", "invalid_link");
  if (typeof token !== "string" || !/^[\w-]{20,100}$/.test(token)) throw invalid();
  const link = (await alertUnsubscribes.get({ tokenHash: sha256(token) }).go({ consistent: true })).data;
  if (!link) throw invalid();
  const rule = (await alertRules.get({ ownerID: link.ownerID, ruleID: link.ruleID }).go({ consistent: true }))
    .data;
  if (!rule) throw invalid();
  if (rule.enabled)
    await alertRules.patch({ ownerID: link.ownerID, ruleID: link.ruleID }).set({ enabled: false }).go();
  return { ruleID: link.ruleID };
}
