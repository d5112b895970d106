import * as Gateway from "@bourse/core/realtime/gateway";
import { ok, webSocketHandler } from "../lib/websocket";

/**
 * `{ "action": "ping" }`: the browser's keep-alive. API Gateway closes a socket after 10 idle minutes; a
 * frame from the client every few minutes keeps a quiet tab connected, and the `pong` tells it the socket
 * still carries messages both ways. Touches no table item, so it costs no rate limit.
 */
export const handler = webSocketHandler(async (event) => {
  await Gateway.management().post(event.requestContext.connectionId, JSON.stringify({ type: "pong" }));
  return ok;
});
