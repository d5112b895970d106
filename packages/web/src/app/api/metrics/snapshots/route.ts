import * as Metrics from "@bourse/core/metrics";
import { SnapshotsQuery } from "@/server/api/operations";
import { noStore, query, route } from "@/server/respond";

/** The metrics cron's snapshots, newest first (admins only: core checks). */
const list = route(async (req) => {
  const { limit } = query(req, SnapshotsQuery);
  return noStore({ items: await Metrics.recent(limit) });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
