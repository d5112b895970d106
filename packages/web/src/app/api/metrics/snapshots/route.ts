import { core } from "../../../../server/core";
import { SnapshotsQuery } from "../../../../server/openapi";
import { query, route } from "../../../../server/respond";

export const GET = route(async (req) => {
  const { limit } = query(req, SnapshotsQuery);
  const metrics = await core.metrics();
  return Response.json({ items: await metrics.recent(limit) }, { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
