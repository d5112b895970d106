import * as Alert from "@bourse/core/alert";
import { noStore, route } from "@/server/respond";

/**
 * One-click unsubscribe (RFC 8058): mail clients POST `List-Unsubscribe=One-Click` to the URL of the
 * `List-Unsubscribe` header, which carries the token; the /alerts/unsubscribe page POSTs here too. Only
 * POST acts, so a link scanner's GET switches nothing off. The token is never echoed or logged.
 */
const unsubscribe = route(async (req) => {
  const token = new URL(req.url).searchParams.get("token") ?? "";
  await Alert.unsubscribe(token);
  return noStore({ unsubscribed: true });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: unsubscribe });
