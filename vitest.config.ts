import { defineConfig } from "vitest/config";

const exclude = ["**/node_modules/**", "e2e/**", "**/.next/**", "**/.sst/**"];

export default defineConfig({
  test: {
    projects: [
      {
        // Application code: integration tests share one in-memory platform.
        // packages/web imports its own modules as `@/...` (the paths of its tsconfig).
        resolve: { tsconfigPaths: true },
        test: {
          name: "app",
          // One module graph for all of a worker's files: loading core, the SDK clients and Next's route
          // modules once rather than per file saved ~90 s of ~210 s. Module state is shared, so a test that
          // changes it (caches off, a client's clock) puts it back.
          isolate: false,
          include: ["packages/**/src/**/*.test.ts"],
          exclude,
          globalSetup: ["stacks/local/testing/global-setup.ts"],
          testTimeout: 30_000,
          // Cheap password hashes in tests (allowed because NODE_ENV is "test"; production stays ≥ 10).
          // The public URL route tests address (server/auth.testing.ts ORIGIN): links and redirects use it.
          env: { BOURSE_BCRYPT_COST: "4", BOURSE_PUBLIC_URL: "http://localhost" },
        },
      },
      {
        // The platform itself and scripts: tests start the emulators they need.
        test: {
          name: "platform",
          include: ["stacks/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
