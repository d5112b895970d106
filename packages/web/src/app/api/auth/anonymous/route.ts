import { Auth } from "@bourse/core/auth";
import { metaOf, noStore, tokenCookies } from "../../../../server/auth";
import { route } from "../../../../server/respond";

/** A guest identity for a first visit: it can act at once and become a member later (same id). */
export const POST = route(async (req) => {
  const tokens = await Auth.anonymous(metaOf(req));
  return noStore({ user: tokens.user }, { status: 201, cookies: tokenCookies(req, tokens) });
});

export const { GET, PUT, PATCH, DELETE } = route.otherMethods("POST");
