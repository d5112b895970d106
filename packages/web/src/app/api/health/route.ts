import * as Health from "@bourse/core/health";
import { HealthQuery } from "@/server/api/operations";
import { noStore, query, route } from "@/server/respond";

/** Public: up or down per dependency (`?live=true`: administrators). Why a check failed goes to the logs only. */
const health = route(async (req, { log }) => {
  const report = await Health.check(query(req, HealthQuery), (check, error) =>
    log.warn("health check failed", { check, error: error instanceof Error ? error.name : String(error) }),
  );
  // Degraded by an open breaker is still up: 503 only when our own storage is down.
  return noStore(report, { status: Health.isUp(report) ? 200 : 503 });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: health });
