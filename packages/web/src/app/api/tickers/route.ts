import * as Ticker from "@bourse/core/ticker";
import { TICKER_CACHE, TickersQuery } from "@/server/api/markets";
import { query, route } from "@/server/respond";

const search = route(async (req) =>
  Response.json(
    { items: Ticker.search(query(req, TickersQuery)) },
    { headers: { "cache-control": TICKER_CACHE } },
  ),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: search });
