import * as Order from "@bourse/core/order";
import { DashboardQuery } from "@/server/api/orders";
import { noStore, query, route } from "@/server/respond";

type Params = { id: string };

/** Per-minute counts and the alarm state: the partner's key, its operators, admins. */
const dashboard = route<Params>(async (req, { params }) =>
  noStore(await Order.dashboard((await params).id, query(req, DashboardQuery))),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods<Params>({ GET: dashboard });
