import { Email } from "@bourse/core/email";
import { OutboxQuery } from "../../../server/openapi";
import { query, route } from "../../../server/respond";

export const GET = route(async (req) => {
  return Response.json(await Email.list(query(req, OutboxQuery)), {
    headers: { "cache-control": "no-store" },
  });
});

export const POST = route.json(Email.sendSample.schema, async (message) =>
  Response.json(await Email.sendSample(message), { status: 202 }),
);

export const { PUT, PATCH, DELETE } = route.otherMethods("GET", "POST");
