import * as Partner from "@bourse/core/partner";
import * as z from "zod";
import { noStore, route } from "@/server/respond";

type Params = { id: string };

/** Admins only (core checks): the members linked to a partner. */
const list = route<Params>(async (_req, { params }) =>
  noStore({ items: await Partner.listOperators((await params).id) }),
);

export const OperatorBody = z.object({ handle: z.string() });

const add = route.json<typeof OperatorBody, Params>(OperatorBody, async ({ handle }, _req, { params }) =>
  noStore(await Partner.addOperator({ partnerID: (await params).id, handle }), { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods<Params>({ GET: list, POST: add });
