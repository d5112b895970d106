import * as Alert from "@bourse/core/alert";
import { noStore, route } from "@/server/respond";

type Path = { id: string };

const get = route<Path>(async (_req, { params }) => noStore({ alert: await Alert.get((await params).id) }));

const update = route.json<typeof Alert.Patch, Path>(Alert.Patch, async (patch, _req, { params }) =>
  noStore({ alert: await Alert.update({ id: (await params).id, patch }) }),
);

const remove = route<Path>(async (_req, { params }) => {
  await Alert.remove((await params).id);
  return noStore(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods<Path>({
  GET: get,
  PATCH: update,
  DELETE: remove,
});
