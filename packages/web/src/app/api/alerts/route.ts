import * as Alert from "@bourse/core/alert";
import { noStore, route } from "@/server/respond";

/** The caller's alert rules (members only: rules mail the member's address). */
const list = route(async () => noStore({ items: await Alert.list() }));

const create = route.json(Alert.Input, async (input) =>
  noStore({ alert: await Alert.create(input) }, { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list, POST: create });
