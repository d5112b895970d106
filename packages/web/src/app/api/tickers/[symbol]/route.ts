import * as Ticker from "@bourse/core/ticker";
import { TICKER_CACHE } from "@/server/api/markets";
import { route } from "@/server/respond";

const get = route<{ symbol: string }>(async (_req, { params }) =>
  Response.json(
    { ticker: Ticker.known((await params).symbol) },
    { headers: { "cache-control": TICKER_CACHE } },
  ),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: get });
