import * as Watchlist from "@bourse/core/watchlist";
import { noStore, route } from "@/server/respond";

type Path = { id: string };

const get = route<Path>(async (_req, { params }) =>
  noStore({ watchlist: await Watchlist.get((await params).id) }),
);

const update = route.json<typeof Watchlist.Patch, Path>(Watchlist.Patch, async (patch, _req, { params }) =>
  noStore({ watchlist: await Watchlist.update({ id: (await params).id, patch }) }),
);

const remove = route<Path>(async (_req, { params }) => {
  await Watchlist.remove((await params).id);
  return noStore(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods<Path>({
  GET: get,
  PATCH: update,
  DELETE: remove,
});
