import { openApiDocument } from "../../../server/openapi";
import { route } from "../../../server/respond";

export const GET = route(async () => Response.json(await openApiDocument()));

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
