import * as PriceRun from "@bourse/core/price-data/run";
import { RunsQuery } from "@/server/api/price-data";
import { noStore, query, route } from "@/server/respond";

/** The caller's runs, newest first (core scopes them to the caller). */
const list = route(async (req) => noStore(await PriceRun.list(query(req, RunsQuery))));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
