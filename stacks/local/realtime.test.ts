import {
  ApiGatewayManagementApiClient,
  GetConnectionCommand,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { webSocket } from "../topology";
import { CREDENTIALS, REGION } from "./env";
import { type RealtimeLocal, startRealtimeLocal } from "./realtime";

/** The local WebSocket API against handlers that record their events (the real ones are tested in functions). */
const events: { route: string; event: Record<string, unknown> }[] = [];
let server: RealtimeLocal;
let sdk: ApiGatewayManagementApiClient;

beforeAll(async () => {
  server = await startRealtimeLocal({
    api: webSocket,
    invoke: async (route, event) => {
      events.push({ route: route.route, event: event as Record<string, unknown> });
      const query = (event as { queryStringParameters?: Record<string, string> }).queryStringParameters;
      return route.route === "$connect" && query?.refuse
        ? { statusCode: 401, body: '{"error":{}}' }
        : { statusCode: 200 };
    },
  });
  sdk = new ApiGatewayManagementApiClient({
    endpoint: server.endpoint,
    region: REGION,
    credentials: CREDENTIALS,
  });
});
afterAll(async () => {
  sdk.destroy();
  await server.stop();
});

function open(query = "") {
  const socket = new WebSocket(`${server.url}/${query}`);
  const received: string[] = [];
  socket.on("message", (data) => received.push(data.toString()));
  return new Promise<{ socket: WebSocket; received: string[] }>((done, fail) => {
    socket.once("open", () => done({ socket, received }));
    socket.once("unexpected-response", (_req, res) => fail(new Error(String(res.statusCode))));
  });
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe("the local WebSocket API", () => {
  it("refuses the handshake with the $connect handler's status", async () => {
    await expect(open("?refuse=1")).rejects.toThrow("401");
  });

  it("calls the routes with API Gateway's events and posts through @connections, 410 once gone", async () => {
    const { socket, received } = await open("?ticket=abc");
    const connect = events.findLast((e) => e.route === "$connect")?.event as {
      requestContext: { connectionId: string; eventType: string };
      queryStringParameters: Record<string, string>;
    };
    expect(connect.requestContext.eventType).toBe("CONNECT");
    expect(connect.queryStringParameters).toEqual({ ticket: "abc" });
    const id = connect.requestContext.connectionId;

    socket.send(JSON.stringify({ action: "subscribe", topics: [] }));
    await until(() => events.some((e) => e.route === "subscribe"));
    expect(events.find((e) => e.route === "subscribe")?.event).toMatchObject({
      requestContext: { connectionId: id, eventType: "MESSAGE", routeKey: "subscribe" },
      body: JSON.stringify({ action: "subscribe", topics: [] }),
    });
    // No route and no $default: API Gateway's answer.
    socket.send(JSON.stringify({ action: "nope" }));
    await until(() => received.length === 1);
    expect(JSON.parse(received[0] ?? "")).toMatchObject({ message: "Forbidden", connectionId: id });

    await sdk.send(new PostToConnectionCommand({ ConnectionId: id, Data: '{"hello":1}' }));
    await until(() => received.length === 2);
    expect(received[1]).toBe('{"hello":1}');
    expect((await sdk.send(new GetConnectionCommand({ ConnectionId: id }))).ConnectedAt).toBeInstanceOf(Date);

    socket.close();
    await until(() => events.some((e) => e.route === "$disconnect"));
    await expect(
      sdk.send(new PostToConnectionCommand({ ConnectionId: id, Data: "x" })),
    ).rejects.toMatchObject({
      name: "GoneException",
      $metadata: { httpStatusCode: 410 },
    });
  });
});
