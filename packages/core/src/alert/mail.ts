/**
 * An alert's mail, queued in the outbox under the firing's id (so a replay queues nothing new), with a
 * one-click unsubscribe (RFC 8058): `List-Unsubscribe` names the POST endpoint, the body links the page.
 * Both carry the firing's token as a mail secret, so the outbox shows "[unsubscribe link hidden]".
 */
import * as Email from "../email";
import * as User from "../user";
import { alertFirings, alertRules } from "./entities";
import { Condition, describe, Target } from "./rule";

interface Firing {
  firingID: string;
  ownerID: string;
  ruleID: string;
  symbol: string;
  observed: string;
  token?: string;
}

function publicUrl(): string {
  const base = process.env.BOURSE_PUBLIC_URL;
  if (!base) throw new Error("BOURSE_PUBLIC_URL is not set: the unsubscribe link cannot be built");
  return base.replace(/\/+$/, "");
}

/** Queues the firing's mail (once), then drops the token from the firing: only the mail holds it. */
export async function mail(firing: Firing): Promise<void> {
  const { token } = firing;
  if (!token) return;
  const [user, rule] = await Promise.all([
    User.getItem(firing.ownerID),
    alertRules.get({ ownerID: firing.ownerID, ruleID: firing.ruleID }).go({ consistent: true }),
  ]);
  if (user?.email && rule.data) {
    const target = Target.parse(rule.data.target);
    const what = describe(
      Condition.parse(rule.data.condition),
      target.kind === "ticker" ? target.symbol : "watchlist",
    );
    const base = publicUrl();
    const query = `token=${encodeURIComponent(token)}`;
    await Email.send({
      id: firing.firingID,
      to: user.email,
      subject: `Bourse alert: ${firing.symbol} — ${firing.observed}`,
      text: [
        `Your alert rule fired for ${firing.symbol}: ${firing.observed}.`,
        "",
        `Rule: ${what}.`,
        `See the news: ${base}/markets`,
        "",
        "Stop these mails (switches this rule off):",
        "{{unsubscribe}}",
      ].join("\n"),
      headers: {
        "List-Unsubscribe": "<{{oneClick}}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
      secrets: {
        unsubscribe: { value: `${base}/alerts/unsubscribe?${query}`, label: "unsubscribe link" },
        oneClick: { value: `${base}/api/alerts/unsubscribe?${query}`, label: "unsubscribe link" },
      },
    });
  }
  await alertFirings.patch({ firingID: firing.firingID }).remove(["token"]).go();
}
