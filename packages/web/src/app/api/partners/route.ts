import { Partner } from "@bourse/core/partner";
import { z } from "zod";
import { noStore } from "../../../server/auth";
import { query, route } from "../../../server/respond";

export const PartnersQuery = z.object({
  cursor: z.string().optional().describe("the `cursor` of the previous page"),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** Admins only (core checks): brokerage partners, oldest first. */
export const GET = route(async (req) => noStore(await Partner.list(query(req, PartnersQuery))));

export const POST = route.json(Partner.create.schema, async (input) =>
  noStore(await Partner.create(input), { status: 201 }),
);

export const { PUT, PATCH, DELETE } = route.otherMethods("GET", "POST");
