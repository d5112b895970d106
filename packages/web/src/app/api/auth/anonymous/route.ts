import * as Auth from "@bourse/core/auth";
import { metaOf, tokenCookies } from "@/server/auth";
import { noStore, route } from "@/server/respond";

/** A guest identity for a first visit: it can act at once and become a member later (same id). */
const startGuest = route(async (req) => {
  const tokens = await Auth.anonymous(metaOf(req));
  return noStore({ user: tokens.user }, { status: 201, cookies: tokenCookies(req, tokens) });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: startGuest });
