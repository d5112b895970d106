import * as Metrics from "@bourse/core/metrics";
import { PanelsQuery } from "@/server/api/operations";
import { noStore, query, route } from "@/server/respond";

/** The dashboard's panels per minute, from the deployment-wide series (admins only: core checks). */
const list = route(async (req) => noStore({ items: await Metrics.panels(query(req, PanelsQuery)) }));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
