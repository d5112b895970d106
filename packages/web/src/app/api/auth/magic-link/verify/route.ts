import * as MagicLink from "@bourse/core/auth/magic-link";
import { RateLimitedError } from "@bourse/core/error";
import { metaOf, publicOrigin, tokenCookies } from "@/server/auth";
import { isRefusal } from "@/server/errors";
import { noStore, route } from "@/server/respond";

/**
 * The link in the mail: a browser navigation, so the answers are redirects, never JSON. Used, expired or
 * unknown links land on the log-in page with a message; an outage is still an error. Redirects go to
 * BOURSE_PUBLIC_URL (never a request header's host). A guest session of this browser ends (core).
 */
const verify = route(async (req) => {
  const origin = publicOrigin();
  const redirect = (path: string, cookies: string[] = [], extra: Record<string, string> = {}) =>
    noStore(null, { status: 303, cookies, headers: { location: new URL(path, origin).href, ...extra } });
  const token = new URL(req.url).searchParams.get("token") ?? "";
  try {
    const tokens = await MagicLink.consume(token, metaOf(req));
    return redirect("/account", tokenCookies(req, tokens));
  } catch (error) {
    if (error instanceof RateLimitedError)
      return redirect("/login?error=rate_limited", [], { "retry-after": String(error.retryAfterSeconds) });
    if (isRefusal(error)) return redirect("/login?error=invalid_link");
    throw error;
  }
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: verify });
