import { webEnvironment } from "../topology";
import type { Resources } from "./resources";
import { architecture, environmentOf, runtime } from "./runtime";

/** The Next.js app on Lambda through OpenNext, behind CloudFront. It serves the product, so it links all. */
export function createWeb(resources: Resources) {
  return new sst.aws.Nextjs("Web", {
    path: "packages/web",
    link: Object.values(resources),
    server: { runtime, architecture },
    environment: { NEXT_TELEMETRY_DISABLED: "1", ...environmentOf(webEnvironment) },
  });
}
