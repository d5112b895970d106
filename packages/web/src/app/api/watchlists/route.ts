import * as Watchlist from "@bourse/core/watchlist";
import { noStore, route } from "@/server/respond";

/** The caller's watchlists (members and guests; core scopes everything to the caller). */
const list = route(async () => noStore({ items: await Watchlist.list() }));

const create = route.json(Watchlist.Input, async (input) =>
  noStore({ watchlist: await Watchlist.create(input) }, { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list, POST: create });
