import { Health } from "@bourse/core/health";
import { route } from "../../../server/respond";
import { version } from "../../../server/version";

export const GET = route(async () => {
  const report = await Health.check(version);
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
});

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
