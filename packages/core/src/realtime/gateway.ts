export * as Gateway from "./gateway";

import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import { Resource } from "sst";

/**
 * The WebSocket API's management side (`@connections/{id}`): post a message to a connection, or close it.
 * A connection that is gone (410) is reported, not thrown: the caller forgets it.
 */
export interface Gateway {
  post(connectionID: string, data: string): Promise<"sent" | "gone">;
  close(connectionID: string): Promise<void>;
}

const isGone = (error: unknown) =>
  error instanceof GoneException ||
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410;

/**
 * The management API of `Resource.Realtime` (API Gateway on AWS; the local platform's server, which speaks
 * the same `@connections` protocol, locally): the SDK's bare client, one per endpoint.
 */
export function management(endpoint: string = Resource.Realtime.managementEndpoint): Gateway {
  clients[endpoint] ??= new ApiGatewayManagementApiClient({ endpoint });
  const client = clients[endpoint];
  return {
    async post(connectionID, data) {
      try {
        await client.send(new PostToConnectionCommand({ ConnectionId: connectionID, Data: data }));
        return "sent";
      } catch (error) {
        if (isGone(error)) return "gone";
        throw error;
      }
    },
    async close(connectionID) {
      try {
        await client.send(new DeleteConnectionCommand({ ConnectionId: connectionID }));
      } catch (error) {
        if (!isGone(error)) throw error;
      }
    },
  };
}

const clients: Record<string, ApiGatewayManagementApiClient> = {};
