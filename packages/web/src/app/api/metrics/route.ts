import { Metrics } from "@bourse/core/metrics";
import { prom, setSnapshot } from "../../../server/metrics";
import { route } from "../../../server/respond";

export const GET = route(async (_req, { log }) => {
  // A scrape still answers when the table is down: bourse_snapshot_up says so.
  const snapshot = await Metrics.latest().catch((error: unknown) => {
    log.warn("Latest metrics snapshot unavailable", error instanceof Error ? error : String(error));
    return null;
  });
  setSnapshot(snapshot);
  return new Response(await prom.registry.metrics(), {
    headers: { "content-type": prom.registry.contentType, "cache-control": "no-store" },
  });
});

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
