import * as Order from "@bourse/core/order";
import { noStore, route } from "@/server/respond";

type Params = { id: string };

const get = route<Params>(async (_req, { params }) => noStore(await Order.rules((await params).id)));

/** Admins only (core checks). */
const put = route.json<typeof Order.Rules, Params>(Order.Rules, async (rules, _req, { params }) =>
  noStore(await Order.setRules({ partnerID: (await params).id, rules })),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods<Params>({ GET: get, PUT: put });
