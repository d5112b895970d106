import * as PriceRun from "@bourse/core/price-data/run";
import { noStore, route } from "@/server/respond";

/** One of the caller's runs with its analysis; anyone else's is a 404. */
const get = route<{ id: string }>(async (_req, { params }) => noStore(await PriceRun.get((await params).id)));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: get });
