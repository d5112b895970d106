import * as PriceRun from "@bourse/core/price-data/run";
import { RunsQuery } from "@/server/api/price-data";
import { noStore, query, route } from "@/server/respond";

/** A page of a run's rejects, in file order. */
const list = route<{ id: string }>(async (req, { params }) =>
  noStore(await PriceRun.rejects({ runID: (await params).id, ...query(req, RunsQuery) })),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
