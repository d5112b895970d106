import * as Email from "@bourse/core/email";
import { noStore, route } from "@/server/respond";

/** The mail queue for the status page: counts by status and the latest dead mail (admins only: core checks). */
const get = route(async () => noStore(await Email.queue()));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: get });
