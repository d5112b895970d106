import * as Connection from "@bourse/core/realtime/connection";
import { ok, webSocketHandler } from "../lib/websocket";

/** $disconnect: the connection and its subscriptions are forgotten (idempotent; TTL is the backstop). */
export const handler = webSocketHandler(async (event) => {
  await Connection.forget(event.requestContext.connectionId);
  return ok;
});
