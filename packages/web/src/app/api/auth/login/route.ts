import { Auth, Session } from "@bourse/core/auth";
import { metaOf, noStore, tokenCookies } from "../../../../server/auth";
import { route } from "../../../../server/respond";

export const POST = route.json(Auth.LoginInput, async (input, req, { caller, log }) => {
  const tokens = await Auth.login(input, metaOf(req));
  // The guest identity this browser had is left behind: end its session rather than let it linger.
  if (caller.actor.type === "anonymous")
    await Session.revoke(caller.actor.properties.sessionID).catch((error: unknown) =>
      log.warn("could not end the guest session", { error: String(error) }),
    );
  return noStore({ user: tokens.user }, { cookies: tokenCookies(req, tokens) });
});

export const { GET, PUT, PATCH, DELETE } = route.otherMethods("POST");
