import { Auth } from "@bourse/core/auth";
import { metaOf, noStore, tokenCookies } from "../../../../server/auth";
import { route } from "../../../../server/respond";

/** Signs in; the guest session this browser had ends (core: Auth.login, as for a magic link). */
export const POST = route.json(Auth.LoginInput, async (input, req) => {
  const tokens = await Auth.login(input, metaOf(req));
  return noStore({ user: tokens.user }, { cookies: tokenCookies(req, tokens) });
});

export const { GET, PUT, PATCH, DELETE } = route.otherMethods("POST");
