import { isDomainError } from "@bourse/core/error";
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from "aws-lambda";
// The one table from domain error to HTTP status (a plain module: no web dependency comes with it).
import { statusOf } from "../../../web/src/server/errors";
import { lambda, logger } from "./lambda";

/** A WebSocket route's event; $connect's also carries the handshake's headers and query string. */
export type WebSocketEvent = APIGatewayProxyWebsocketEventV2 & {
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
};

/** What a refusal looks like on the wire: `{ error: { code, message } }`, never a stack trace. */
export function errorBody(error: unknown): {
  status: number;
  body: { error: { code: string; message: string } };
} {
  if (!isDomainError(error)) {
    logger.error("unhandled error", error as Error);
    return { status: 500, body: { error: { code: "internal", message: "Internal error" } } };
  }
  return { status: statusOf(error), body: { error: { code: error.code, message: error.message } } };
}

/** A WebSocket route handler: logs under the route's request id, answers JSON. */
export function webSocketHandler(run: (event: WebSocketEvent) => Promise<APIGatewayProxyResultV2>) {
  return lambda<WebSocketEvent, APIGatewayProxyResultV2>((event) => event.requestContext?.requestId, run);
}

export const ok = { statusCode: 200 } as const;
