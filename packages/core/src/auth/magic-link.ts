export * as MagicLink from "./magic-link";

import * as z from "zod";
import { isConditionalFailure } from "../dynamo";
import * as Email from "../email";
import * as RateLimit from "../rate-limit";
import * as User from "../user";
import { systemClock } from "../util/clock";
import { fn } from "../util/fn";
import { magicLinks } from "./entities";
import { AuthError } from "./errors";
import { newSecret, sha256 } from "./secret";
import * as Session from "./session";

/**
 * Sign-in by email link: a single-use token valid 15 minutes, stored only as its SHA-256, mailed through
 * the outbox. Asking for a link answers the same whether or not the account exists.
 */
export const TTL_SECONDS = 15 * 60;

export const Request = z.object({
  email: z.string().trim().max(254),
  /**
   * Where the mailed link points, e.g. https://bourse.example/api/auth/magic-link/verify; the link adds
   * `?token=`. Take its origin from configuration, never from the request's Host header: a forged Host
   * would mail the user a link to someone else's site.
   */
  verifyUrl: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ""))
    .describe("the app's link-verifying URL, on its public origin"),
});

const parseRequest = /* @__PURE__ */ fn(Request, (valid) => valid);

/** Mails a sign-in link if an account has this email; answers the same (nothing) either way. */
export async function request(input: z.input<typeof Request>, meta: Session.Meta = {}): Promise<void> {
  const { email, verifyUrl } = parseRequest(input);
  const now = meta.now ?? systemClock();
  const address = email.toLowerCase();
  await RateLimit.hit("magicLink", { ip: meta.ip, account: address }, now);
  const user = await User.getItemByEmail(address);
  if (!user?.email) return;
  const token = newSecret();
  await magicLinks
    .create({
      tokenHash: sha256(token),
      userID: user.userID,
      createdAt: now.getTime(),
      expiresAt: Math.floor(now.getTime() / 1000) + TTL_SECONDS,
    })
    .go();
  const link = `${verifyUrl}?token=${encodeURIComponent(token)}`;
  await Email.send({
    to: user.email,
    subject: "Your Bourse sign-in link",
    text: [
      `Hello ${user.displayName ?? user.handle ?? ""},`.replace(/ ,$/, ","),
      "",
      "Sign in to Bourse with this link (it works once, for 15 minutes):",
      "{{link}}",
      "",
      "If you did not ask for it, ignore this mail: nobody can sign in without the link.",
    ].join("\n"),
    // Only the mail itself carries the link: the outbox shows "[sign-in link hidden]".
    secrets: { link: { value: link, label: "sign-in link" } },
  });
}

/**
 * Signs in with a link's token, once: the link item is deleted under the condition that it has not expired,
 * so two concurrent uses cannot both win. Unknown, used or expired → `invalid_link`, and so is a link
 * mailed before the user's last password change. The session counts as verified when the link was made,
 * so a password change racing this sign-in still voids it (Session.start). A guest caller's session ends.
 */
export async function consume(token: string, meta: Session.Meta = {}): Promise<Session.Tokens> {
  const now = meta.now ?? systemClock();
  const invalid = () => new AuthError("invalid_link", "This sign-in link is invalid, used or expired");
  await RateLimit.hit("magicLink", { ip: meta.ip }, now);
  if (typeof token !== "string" || !/^[\w-]{20,100}$/.test(token)) throw invalid();
  let link: { userID: string; createdAt: number } | undefined;
  try {
    const deleted = await magicLinks
      .delete({ tokenHash: sha256(token) })
      .where(
        (a, op) => `${op.exists(a.tokenHash)} AND ${op.gt(a.expiresAt, Math.floor(now.getTime() / 1000))}`,
      )
      .go({ response: "all_old" });
    link = deleted.data ?? undefined;
  } catch (error) {
    if (isConditionalFailure(error)) throw invalid();
    throw error;
  }
  const user = link ? await User.getItem(link.userID) : undefined;
  if (!link || !user || link.createdAt < (user.passwordChangedAt ?? 0)) throw invalid();
  const tokens = await Session.start({
    userID: user.userID,
    method: "magic-link",
    verifiedAt: link.createdAt,
    ...meta,
    now,
  });
  await Session.endGuest(now);
  return tokens;
}
