import type { Health } from "@bourse/core/health";
import { core } from "../../../server/core";
import { route } from "../../../server/respond";
import { version } from "../../../server/version";

/** What to report when core cannot even load: no resource links (e.g. `next dev` without the platform). */
const unlinked: Health.Report = {
  status: "degraded",
  version,
  checks: { links: { ok: false, latencyMs: 0, error: "NotLinked" } },
};

export const GET = route(async (_req, { log }) => {
  const health = await core.health().catch((error: unknown) => {
    log.warn("Core did not load", error instanceof Error ? error : String(error));
    return undefined;
  });
  const report = health ? await health.check(version) : unlinked;
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
