import * as Watchlist from "@bourse/core/watchlist";
import { noStore, route } from "@/server/respond";

const history = route<{ id: string }>(async (_req, { params }) =>
  noStore({ items: await Watchlist.history((await params).id) }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: history });
