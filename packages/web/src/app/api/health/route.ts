import { Health } from "@bourse/core/health";
import { route } from "../../../server/respond";

/** Public: up or down per dependency. Why a check failed goes to the logs only. */
export const GET = route(async (_req, { log }) => {
  const report = await Health.check((check, error) =>
    log.warn("health check failed", { check, error: error instanceof Error ? error.name : String(error) }),
  );
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
