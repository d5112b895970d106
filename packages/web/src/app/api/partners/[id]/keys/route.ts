import { Partner } from "@bourse/core/partner";
import { noStore } from "../../../../../server/auth";
import { route } from "../../../../../server/respond";

type Params = { id: string };

/** Admins only: a partner's keys, without their secrets. */
export const GET = route<Params>(async (_req, { params }) =>
  noStore({ items: await Partner.listKeys((await params).id) }),
);

/** A new API key; the whole key is in this answer only. */
export const POST = route<Params>(async (_req, { params }) =>
  noStore(await Partner.createKey((await params).id), { status: 201 }),
);

export const { PUT, PATCH, DELETE } = route.otherMethods("GET", "POST");
