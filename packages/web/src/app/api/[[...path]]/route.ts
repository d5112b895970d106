import { errorJson, route } from "@/server/respond";

/** Any /api path no route serves: a JSON 404 rather than Next's HTML page. */
const notFound = route((req) =>
  errorJson(404, "not_found", `No route for ${req.method} ${new URL(req.url).pathname}`),
);

export {
  notFound as GET,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
  notFound as OPTIONS,
};
