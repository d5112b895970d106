import * as PriceRun from "@bourse/core/price-data/run";
import { noStore, route } from "@/server/respond";

/** One symbol's chart data of one of the caller's finished runs. */
const get = route<{ id: string; symbol: string }>(async (_req, { params }) => {
  const { id, symbol } = await params;
  return noStore(await PriceRun.series(id, symbol));
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: get });
