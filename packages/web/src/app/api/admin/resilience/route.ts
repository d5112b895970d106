import * as Status from "@bourse/core/resilience/status";
import { noStore, route } from "@/server/respond";

/** Administrators only (core checks): everything the live status page draws, in one read. */
const get = route(async () => noStore(await Status.get()));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: get });
