import { createApis } from "./api";
import { createTableBackup } from "./backup";
import { createCrons, linkCrons } from "./crons";
import { createEmail } from "./email";
import { createLive } from "./live";
import { createAlarms } from "./monitoring";
import { protectionFor } from "./protection";
import { createRealtimeApi, routeRealtime } from "./realtime";
import type { Resources } from "./resources";
import { rolloutFor, WEB } from "./rollout";
import { createRouter, routeMedia } from "./router";
import { createSecrets } from "./secrets";
import { createBuckets, notifyBuckets } from "./storage";
import { createTable, subscribeStream } from "./table";
import { createWeb } from "./web";

/**
 * Builds the app from the topology: the Router first (its URL is the app's public URL), then linkable
 * resources, then everything that links them, each function behind its `live` alias (rollout.ts).
 */
export function deploy() {
  const protection = protectionFor($app.stage);
  const router = createRouter();
  const live = createLive(rolloutFor($app.stage), router);
  const resources: Resources = {
    table: createTable(protection),
    ...createBuckets(router, protection),
    email: createEmail(),
    ...createSecrets(),
    realtime: createRealtimeApi(),
  };
  if (protection.dailyBackupRetentionDays)
    createTableBackup(resources.table, protection.dailyBackupRetentionDays);
  routeMedia(router, resources.media);

  subscribeStream(resources, router, live);
  routeRealtime(resources, router, live);
  notifyBuckets(resources, live);
  const crons = linkCrons(createCrons(resources, live));
  const apis = createApis(resources, router, live);
  const web = createWeb(resources, router, [crons]);
  web.nodes.server?.apply((server) => live.publish({ name: WEB, kind: "web" }, server));
  const rollout = live.complete(createAlarms(resources), !$dev);

  return {
    web: web.url,
    rollout,
    realtime: resources.realtime.url,
    ...Object.fromEntries(Object.entries(apis).map(([name, fn]) => [name, fn.url])),
  };
}
