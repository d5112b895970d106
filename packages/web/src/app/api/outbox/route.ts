import { core } from "../../../server/core";
import { OutboxQuery } from "../../../server/openapi";
import { query, route } from "../../../server/respond";

export const GET = route(async (req) => {
  const email = await core.email();
  return Response.json(await email.list(query(req, OutboxQuery)), {
    headers: { "cache-control": "no-store" },
  });
});

export const POST = route.json(
  () => core.email().then((email) => email.sendSample.schema),
  async (message) => {
    const email = await core.email();
    return Response.json(await email.sendSample(message), { status: 202 });
  },
);

export const { PUT, PATCH, DELETE } = route.otherMethods("GET", "POST");
