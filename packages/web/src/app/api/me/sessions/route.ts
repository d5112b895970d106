import * as Session from "@bourse/core/auth/session";
import { noStore, route } from "@/server/respond";

/** The caller's sessions in force, newest first; `current` marks this device. */
const list = route(async () => noStore({ items: await Session.list() }));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
