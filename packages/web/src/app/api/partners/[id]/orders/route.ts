import * as Order from "@bourse/core/order";
import * as z from "zod";
import { OrdersQuery } from "@/server/api/orders";
import { noStore, query, route } from "@/server/respond";

type Params = { id: string };

/** 500 events of a few hundred bytes each fit well within this. */
export const BODY_LIMIT = 512 * 1024;

/** The partner's own key only (core checks): one event or `{ events: [...] }`, results in request order. */
const ingest = route.json<z.ZodUnknown, Params>(
  z.unknown(),
  async (body, _req, { params }) => noStore(await Order.ingest((await params).id, body)),
  { limit: BODY_LIMIT },
);

/** By sequence or event time: the partner's key, its operators, admins. */
const list = route<Params>(async (req, { params }) =>
  noStore(await Order.list((await params).id, query(req, OrdersQuery))),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods<Params>({ GET: list, POST: ingest });
