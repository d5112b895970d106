import { MagicLink } from "@bourse/core/auth";
import { isDomainError } from "@bourse/core/error";
import { metaOf, publicOrigin, tokenCookies, withCookies } from "../../../../../server/auth";
import { route } from "../../../../../server/respond";

/**
 * The link in the mail: a browser navigation, so the answers are redirects, never JSON. Used, expired or
 * unknown links land on the log-in page with a message; an outage is still an error.
 */
export const GET = route(async (req) => {
  const origin = publicOrigin(req);
  const redirect = (path: string, cookies: string[] = []) =>
    new Response(null, {
      status: 303,
      headers: withCookies({ location: new URL(path, origin).href, "cache-control": "no-store" }, cookies),
    });
  const token = new URL(req.url).searchParams.get("token") ?? "";
  try {
    const tokens = await MagicLink.consume(token, metaOf(req));
    return redirect("/account", tokenCookies(req, tokens));
  } catch (error) {
    if (isDomainError(error) && error.status < 500)
      return redirect(`/login?error=${error.status === 429 ? "rate_limited" : "invalid_link"}`);
    throw error;
  }
});

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
