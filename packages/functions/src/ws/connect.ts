import * as Session from "@bourse/core/auth/session";
import { UnauthorizedError } from "@bourse/core/error";
import * as Connection from "@bourse/core/realtime/connection";
import * as Ticket from "@bourse/core/realtime/ticket";
import { errorBody, ok, type WebSocketEvent, webSocketHandler } from "../lib/websocket";

/** The web app's access cookie (packages/web/src/server/auth.ts ACCESS_COOKIE). */
const ACCESS_COOKIE = "bourse_at";

/**
 * $connect: the socket opens only for a caller we know, by `?ticket=` (browsers: one-time, from
 * GET /api/realtime), `?token=` (an access token: API clients) or the access cookie when the page that
 * opens it is ours (its Origin is BOURSE_PUBLIC_URL's: no other site may ride on the cookie). Refused → 401.
 */
export const handler = webSocketHandler(async (event) => {
  try {
    const actor = await actorOf(event);
    await Connection.open(event.requestContext.connectionId, actor);
    return ok;
  } catch (error) {
    const { status, body } = errorBody(error);
    return {
      statusCode: status,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    };
  }
});

function actorOf(event: WebSocketEvent) {
  const query = event.queryStringParameters ?? {};
  if (query.ticket) return Ticket.redeem(query.ticket);
  const token = query.token ?? (sameSite(event) ? cookieOf(event, ACCESS_COOKIE) : undefined);
  if (!token) throw new UnauthorizedError("Connect with ?ticket=, ?token= or the session cookie");
  return Session.authenticate(token).catch(() => {
    throw new UnauthorizedError("The access token is invalid or expired", "invalid_token");
  });
}

function header(event: WebSocketEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

function sameSite(event: WebSocketEvent): boolean {
  const publicUrl = process.env.BOURSE_PUBLIC_URL;
  const origin = header(event, "origin");
  return Boolean(publicUrl && origin && origin === new URL(publicUrl).origin);
}

function cookieOf(event: WebSocketEvent, name: string): string | undefined {
  for (const pair of (header(event, "cookie") ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at > 0 && pair.slice(0, at).trim() === name) return decodeURIComponent(pair.slice(at + 1).trim());
  }
  return undefined;
}
