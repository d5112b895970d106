import { createApis } from "./api";
import { createTableBackup } from "./backup";
import { createCrons, linkCrons } from "./crons";
import { createEmail } from "./email";
import { protectionFor } from "./protection";
import type { Resources } from "./resources";
import { createRouter, routeMedia } from "./router";
import { createSecrets } from "./secrets";
import { createBuckets, notifyBuckets } from "./storage";
import { createTable, subscribeStream } from "./table";
import { createWeb } from "./web";

/**
 * Builds the app from the topology: the Router first (its URL is the app's public URL), then linkable
 * resources, then everything that links them.
 */
export function deploy() {
  const protection = protectionFor($app.stage);
  const router = createRouter();
  const resources: Resources = {
    table: createTable(protection),
    ...createBuckets(router, protection),
    email: createEmail(),
    ...createSecrets(),
  };
  if (protection.dailyBackupRetentionDays)
    createTableBackup(resources.table, protection.dailyBackupRetentionDays);
  routeMedia(router, resources.media);

  subscribeStream(resources);
  notifyBuckets(resources);
  const crons = linkCrons(createCrons(resources));
  const apis = createApis(resources);
  const web = createWeb(resources, router, [crons]);

  return {
    web: web.url,
    ...Object.fromEntries(Object.entries(apis).map(([name, fn]) => [name, fn.url])),
  };
}
