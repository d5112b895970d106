import { openApiDocument } from "@/server/openapi";
import { route } from "@/server/respond";

const document = route(async () => Response.json(await openApiDocument()));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: document });
