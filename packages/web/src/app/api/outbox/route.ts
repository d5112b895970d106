import * as Email from "@bourse/core/email";
import { OutboxQuery } from "@/server/api/operations";
import { noStore, query, route } from "@/server/respond";

/** The mail outbox, newest first, and a sample message to a reserved domain (admins only: core checks). */
const list = route(async (req) => noStore(await Email.list(query(req, OutboxQuery))));

const sendSample = route.json(Email.sendSample.schema, async (message) =>
  Response.json(await Email.sendSample(message), { status: 202 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list, POST: sendSample });
