import { isDomainError, ValidationError } from "@bourse/core/error";
import * as Connection from "@bourse/core/realtime/connection";
import * as Gateway from "@bourse/core/realtime/gateway";
import { errorBody, ok, webSocketHandler } from "../lib/websocket";

/**
 * `{ "action": "subscribe", "topics": [...] }`: the connection follows exactly these topics (Topic.resolve
 * says which the caller may read). The answer is a message on the socket: `{ type: "subscribed", topics }`
 * or `{ type: "error", error }`. A connection whose session has ended is closed.
 */
export const handler = webSocketHandler(async (event) => {
  const connectionID = event.requestContext.connectionId;
  const gateway = Gateway.management();
  let reply: object;
  try {
    const topics = await Connection.subscribe(bodyOf(event.body), connectionID);
    reply = { type: "subscribed", topics };
  } catch (error) {
    reply = { type: "error", ...errorBody(error).body };
    if (isDomainError(error) && error.code === "session_ended") {
      await gateway.post(connectionID, JSON.stringify(reply));
      await gateway.close(connectionID);
      await Connection.forget(connectionID);
      return ok;
    }
  }
  await gateway.post(connectionID, JSON.stringify(reply));
  return ok;
});

/** The message as sent; Connection.subscribe validates its shape. */
function bodyOf(body: string | undefined): { topics: string[] } {
  try {
    return JSON.parse(body ?? "");
  } catch {
    throw new ValidationError("Send a JSON message", undefined, "invalid_json");
  }
}
