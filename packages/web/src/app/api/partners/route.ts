import * as Partner from "@bourse/core/partner";
import { PartnersQuery } from "@/server/api/partners";
import { noStore, query, route } from "@/server/respond";

/** Admins only (core checks): brokerage partners, oldest first. */
const list = route(async (req) => noStore(await Partner.list(query(req, PartnersQuery))));

const create = route.json(Partner.create.schema, async (input) =>
  noStore(await Partner.create(input), { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list, POST: create });
