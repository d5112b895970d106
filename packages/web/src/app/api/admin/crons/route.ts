import * as Cron from "@bourse/core/cron";
import { noStore, route } from "@/server/respond";

/** Administrators only (core checks). */
const list = route(async () => noStore({ items: await Cron.list() }));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
