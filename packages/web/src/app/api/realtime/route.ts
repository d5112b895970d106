import * as Ticket from "@bourse/core/realtime/ticket";
import { Resource } from "sst";
import { NotConfiguredError } from "@/server/errors";
import { noStore, route } from "@/server/respond";

/** The socket's URL and a one-time ticket for it (the access cookie is httpOnly: no script reads it). */
const ticket = route(async () => {
  const url = realtimeUrl();
  return noStore({ url, ...(await Ticket.issue()) });
});

function realtimeUrl(): string {
  try {
    return Resource.Realtime.url;
  } catch {
    throw new NotConfiguredError("This deployment has no WebSocket API");
  }
}

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: ticket });
