import * as Chaos from "@bourse/core/resilience/chaos";
import { noStore, route } from "@/server/respond";

/** Administrators only (core checks). */
const list = route(async () => noStore({ items: await Chaos.list() }));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
