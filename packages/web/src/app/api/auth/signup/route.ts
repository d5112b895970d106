import * as Auth from "@bourse/core/auth";
import { metaOf, tokenCookies } from "@/server/auth";
import { noStore, route } from "@/server/respond";

/** A new member, signed in. A guest signing up keeps its id and everything it owns (upgrade). */
const signup = route.json(Auth.SignupInput, async (input, req, { caller }) => {
  const { actor } = caller;
  const upgradeFrom = actor.type === "anonymous" ? actor.properties.userID : undefined;
  const tokens = await Auth.signup(input, { ...metaOf(req), upgradeFrom });
  return noStore({ user: tokens.user }, { status: 201, cookies: tokenCookies(req, tokens) });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: signup });
