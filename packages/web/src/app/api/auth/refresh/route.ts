import * as Session from "@bourse/core/auth/session";
import { clearedCookies, cookiesOf, metaOf, REFRESH_COOKIE, tokenCookies } from "@/server/auth";
import { errorResponse, noStore, route } from "@/server/respond";

/**
 * The browser's refresh: the refresh cookie (sent only to /api/auth) is rotated and both cookies renewed.
 * A refused token (invalid, expired, reused) also clears the cookies, so the client starts over; no
 * refresh cookie at all sets none.
 */
const refresh = route(async (req, { log }) => {
  const refreshToken = cookiesOf(req).get(REFRESH_COOKIE);
  // Nothing to clear: a Set-Cookie here could land after a guest created meanwhile and end its session.
  if (!refreshToken)
    return noStore(
      { error: { code: "invalid_refresh_token", message: "No refresh cookie: log in again" } },
      { status: 401 },
    );
  try {
    const tokens = await Session.refresh(refreshToken, metaOf(req));
    return noStore(null, { status: 204, cookies: tokenCookies(req, tokens) });
  } catch (error) {
    const response = errorResponse(error, log);
    if (response.status !== 401) return response;
    return noStore(await response.json(), {
      status: 401,
      headers: response.headers,
      cookies: clearedCookies(req),
    });
  }
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: refresh });
