import * as Ticket from "@bourse/core/realtime/ticket";
import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { error, internal, json } from "./contract";

/** Real-time push: where the browser opens its socket, with a one-time ticket for its $connect. */

export const RealtimeTicket = Ticket.Info.extend({
  url: z.string().describe("the WebSocket API: open `<url>?ticket=<ticket>`"),
});

export const schemas = { RealtimeTicket };

export const paths: ZodOpenApiPathsObject = {
  "/api/realtime": {
    get: {
      operationId: "getRealtimeTicket",
      summary: "A one-time ticket (valid 60 s) to open the real-time socket as the caller",
      description:
        'Then send `{ "action": "subscribe", "topics": [...] }`: `notifications:<yourID>`, `feed:<yourID>`, ' +
        "`watchlist:<id>` (its tickers' sentiment), `orders:<partnerID>` (operators, admins), `breakers` " +
        "(admins). API clients may connect with `?token=<access token>` instead.",
      responses: {
        "200": json("Where to connect, and the ticket", RealtimeTicket),
        "401": error("No session (unauthorized)"),
        "503": error("No WebSocket API in this deployment (not_configured): poll instead"),
        "500": internal,
      },
    },
  },
};
