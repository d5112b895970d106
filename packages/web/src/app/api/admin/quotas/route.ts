import * as Quota from "@bourse/core/resilience/quota";
import { noStore, route } from "@/server/respond";

/** Administrators only (core checks). */
const list = route(async () => noStore({ items: await Quota.list() }));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
