/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    const stage = input?.stage ?? "";
    // The stages that hold real data: stacks/aws/protection.ts PROTECTED_STAGES (not importable up here).
    const kept = stage === "production" || stage === "staging";
    return {
      name: "bourse",
      // Personal and preview stages vanish with `sst remove`; production and staging keep their data and
      // refuse removal.
      removal: kept ? "retain" : "remove",
      protect: kept,
      home: "aws",
      // A removed pull-request stage leaves nothing behind: no state, history, passphrase or secrets.
      state: { purge: stage.startsWith("pr-") },
    };
  },
  async run() {
    // Imported here, not at the top: the `sst` and `$app` globals exist only once `run` is called.
    const { deploy } = await import("./stacks/aws");
    return deploy();
  },
});
