import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

// OpenNext and the local platform start Next themselves: keep it from phoning home whoever runs it.
process.env.NEXT_TELEMETRY_DISABLED = "1";

// The workspace root: traced files (and Turbopack's view) must include packages/core and the hoisted deps.
const root = fileURLToPath(new URL("../..", import.meta.url));

const config: NextConfig = {
  // Core ships TypeScript sources, not a build.
  transpilePackages: ["@bourse/core"],
  poweredByHeader: false,
  // Types are the test command's own step (`pnpm typecheck`, before any build): building for the journeys
  // or for OpenNext does not check them a second time on a 2-core machine.
  typescript: { ignoreBuildErrors: true },
  outputFileTracingRoot: root,
  turbopack: { root },
  // Profiles live at /@handle, but a folder named `@handle` is a parallel-route slot: serve /u/[handle].
  async rewrites() {
    return [
      { source: "/@:handle", destination: "/u/:handle" },
      { source: "/@:handle/:list(followers|following)", destination: "/u/:handle/:list" },
    ];
  },
};

export default config;
