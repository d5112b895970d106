import { Partner } from "@bourse/core/partner";
import { noStore } from "../../../server/auth";
import { PartnersQuery } from "../../../server/openapi-identity";
import { query, route } from "../../../server/respond";

/** Admins only (core checks): brokerage partners, oldest first. */
export const GET = route(async (req) => noStore(await Partner.list(query(req, PartnersQuery))));

export const POST = route.json(Partner.create.schema, async (input) =>
  noStore(await Partner.create(input), { status: 201 }),
);

export const { PUT, PATCH, DELETE } = route.otherMethods("GET", "POST");
