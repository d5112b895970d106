import * as Breaker from "@bourse/core/resilience/breaker";
import { noStore, route } from "@/server/respond";

/** Administrators only (core checks). */
const list = route(async () => noStore({ items: await Breaker.list() }));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
