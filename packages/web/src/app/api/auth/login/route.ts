import * as Auth from "@bourse/core/auth";
import { metaOf, tokenCookies } from "@/server/auth";
import { noStore, route } from "@/server/respond";

/** Signs in; the guest session this browser had ends (core: Auth.login, as for a magic link). */
const login = route.json(Auth.LoginInput, async (input, req) => {
  const tokens = await Auth.login(input, metaOf(req));
  return noStore({ user: tokens.user }, { cookies: tokenCookies(req, tokens) });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: login });
