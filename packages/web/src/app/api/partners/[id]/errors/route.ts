import * as Order from "@bourse/core/order";
import { ErrorsQuery } from "@/server/api/orders";
import { noStore, query, route } from "@/server/respond";

type Params = { id: string };

/** Refused events by time received (kept 30 days): the partner's key, its operators, admins. */
const list = route<Params>(async (req, { params }) =>
  noStore(await Order.errors((await params).id, query(req, ErrorsQuery))),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods<Params>({ GET: list });
