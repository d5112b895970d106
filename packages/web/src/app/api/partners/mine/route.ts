import * as Partner from "@bourse/core/partner";
import { noStore, route } from "@/server/respond";

/** The partners the signed-in member operates. */
const mine = route(async () => noStore({ items: await Partner.mine() }));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: mine });
