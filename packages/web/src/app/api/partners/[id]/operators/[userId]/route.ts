import * as Partner from "@bourse/core/partner";
import { noStore, route } from "@/server/respond";

type Params = { id: string; userId: string };

/** Admins only: unlinks an operator. */
const remove = route<Params>(async (_req, { params }) => {
  const { id, userId } = await params;
  await Partner.removeOperator(id, userId);
  return noStore(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods<Params>({ DELETE: remove });
