import { type WebSocketRoute, webSocket } from "../topology";
import type { Live } from "./live";
import type { Resources } from "./resources";
import { functionArgs } from "./runtime";

/**
 * The WebSocket API of real-time push. Created with the linkable resources (the web app links it for its
 * `url`, the pushers for its `managementEndpoint` and `execute-api:ManageConnections`), routed afterwards.
 */
export function createRealtimeApi() {
  return new sst.aws.ApiGatewayWebSocket(webSocket.name);
}

/**
 * Each topology route to its own function behind its `live` alias (the route invokes the alias, as every
 * other trigger does). API Gateway selects routes on `$request.body.action`, the topology's selection.
 */
export function routeRealtime(resources: Resources, router: sst.aws.Router, live: Live) {
  for (const r of webSocket.routes as readonly (WebSocketRoute & {
    name: (typeof webSocket.routes)[number]["name"];
  })[]) {
    const args = functionArgs(r, resources);
    // The access cookie is accepted from pages of the app's own origin: the Router's.
    if (r.environment?.includes("BOURSE_PUBLIC_URL"))
      args.environment = { ...(args.environment as Record<string, string>), BOURSE_PUBLIC_URL: router.url };
    const alias = live.publish(
      { name: r.name, kind: "route" },
      new sst.aws.Function(`${r.name}Handler`, args),
    );
    resources.realtime.route(r.route, alias.arn);
  }
}
