import { Metrics } from "@bourse/core/metrics";
import { SnapshotsQuery } from "../../../../server/openapi";
import { query, route } from "../../../../server/respond";

/** The metrics cron's snapshots, newest first (admins only: core checks). */
export const GET = route(async (req) => {
  const { limit } = query(req, SnapshotsQuery);
  return Response.json({ items: await Metrics.recent(limit) }, { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
