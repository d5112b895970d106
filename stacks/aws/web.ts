import { webEnvironment } from "../topology";
import type { Resources } from "./resources";
import { architecture, environmentOf, runtime } from "./runtime";

/**
 * The Next.js app on Lambda through OpenNext, behind the stage's Router. It serves the product, so it links
 * all. Its public URL (mailed links, redirects, CORS) is the Router's, on every stage, previews included.
 */
export function createWeb(resources: Resources, router: sst.aws.Router, links: sst.Linkable<object>[] = []) {
  return new sst.aws.Nextjs("Web", {
    path: "packages/web",
    // `links`: what only the web app reaches, such as the crons it may run on demand.
    link: [...Object.values(resources), ...links],
    server: { runtime, architecture },
    // X-Ray: the server function's invocations are traced (the route wrapper's logs carry the trace root).
    // Versioned: the Router's origin is the server's `live` alias (live.ts).
    transform: {
      server: (args) => {
        args.versioning = true;
        args.transform = { ...args.transform, function: { tracingConfig: { mode: "Active" } } };
      },
    },
    router: { instance: router },
    environment: {
      NEXT_TELEMETRY_DISABLED: "1",
      ...environmentOf(webEnvironment),
      BOURSE_PUBLIC_URL: router.url,
    },
  });
}
