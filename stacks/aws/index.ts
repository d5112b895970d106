import { createApis } from "./api";
import { createCrons } from "./crons";
import { createEmail } from "./email";
import type { Resources } from "./resources";
import { createSecrets } from "./secrets";
import { createBuckets, notifyBuckets } from "./storage";
import { createTable, subscribeStream } from "./table";
import { createWeb } from "./web";

/** Builds the app from the topology: linkable resources first, then everything that links them. */
export function deploy() {
  const resources: Resources = {
    table: createTable(),
    ...createBuckets(),
    email: createEmail(),
    ...createSecrets(),
  };

  subscribeStream(resources);
  notifyBuckets(resources);
  createCrons(resources);
  const apis = createApis(resources);
  const web = createWeb(resources);

  return {
    web: web.url,
    ...Object.fromEntries(Object.entries(apis).map(([name, fn]) => [name, fn.url])),
  };
}
