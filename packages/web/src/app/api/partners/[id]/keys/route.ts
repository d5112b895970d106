import * as Partner from "@bourse/core/partner";
import { noStore, route } from "@/server/respond";

type Params = { id: string };

/** Admins only: a partner's keys, without their secrets. */
const list = route<Params>(async (_req, { params }) =>
  noStore({ items: await Partner.listKeys((await params).id) }),
);

/** A new API key; the whole key is in this answer only. */
const create = route<Params>(async (_req, { params }) =>
  noStore(await Partner.createKey((await params).id), { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list, POST: create });
