import { noStore, route } from "@/server/respond";
import * as Traffic from "@/server/traffic/run";

/** Administrators only (core checks): the traffic generator against this app's own loopback origin. */
const start = route.json(Traffic.Input, async (input) =>
  noStore({ run: await Traffic.start(input) }, { status: 202 }),
);
const progress = route(async () => noStore({ run: await Traffic.current() }));
const stop = route(async () => noStore({ run: await Traffic.stop() }));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: progress, POST: start, DELETE: stop });
