import { Auth, Session } from "@bourse/core/auth";
import { clearedCookies, cookiesOf, metaOf, noStore, REFRESH_COOKIE } from "../../../../server/auth";
import { isRefusal } from "../../../../server/errors";
import { route } from "../../../../server/respond";

/**
 * Ends this device's session and clears the cookies; always 204. When the access cookie has already
 * expired, the refresh cookie still names the session: it is rotated once to learn which, then revoked.
 */
export const POST = route(async (req, { caller }) => {
  if (caller.actor.type === "user" || caller.actor.type === "anonymous") await Auth.logout();
  else {
    const refreshToken = cookiesOf(req).get(REFRESH_COOKIE);
    if (refreshToken && caller.via === "cookie") {
      const tokens = await Session.refresh(refreshToken, metaOf(req)).catch((error: unknown) => {
        if (isRefusal(error)) return undefined;
        throw error;
      });
      if (tokens) await Session.revoke(tokens.sessionID);
    }
  }
  return noStore(null, { status: 204, cookies: clearedCookies(req) });
});

export const { GET, PUT, PATCH, DELETE } = route.otherMethods("POST");
