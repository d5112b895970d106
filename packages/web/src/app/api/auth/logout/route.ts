import * as Auth from "@bourse/core/auth";
import { clearedCookies, cookiesOf, metaOf, REFRESH_COOKIE } from "@/server/auth";
import { noStore, route } from "@/server/respond";

/**
 * Ends this device's session and clears the cookies; always 204. Core finds the session: the caller's, or
 * (the access cookie expired) the one the refresh cookie names.
 */
const logout = route(async (req, { caller }) => {
  const refreshToken = caller.via === "cookie" ? cookiesOf(req).get(REFRESH_COOKIE) : undefined;
  await Auth.logout(metaOf(req), refreshToken);
  return noStore(null, { status: 204, cookies: clearedCookies(req) });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: logout });
