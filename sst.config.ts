/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    const stage = input?.stage ?? "";
    const production = stage === "production";
    return {
      name: "bourse",
      // Personal and preview stages vanish with `sst remove`; production keeps its data and refuses removal.
      removal: production ? "retain" : "remove",
      protect: production,
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
