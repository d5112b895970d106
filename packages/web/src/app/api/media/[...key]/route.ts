import { NotFoundError } from "@bourse/core/error";
import { Upload } from "@bourse/core/upload";
import { route } from "../../../../server/respond";

/** Browsers may reuse the redirect this long; the presigned URL it points to lives at least 30 minutes. */
const MAX_AGE_SECONDS = 300;

/**
 * A stable address for an uploaded image (`<img src="/api/media/uploads/...">`): a redirect to a short-lived
 * presigned GET on the media bucket, which serves the bytes. Only upload keys are served.
 */
export const GET = route<{ key: string[] }>(async (_req, { params }) => {
  const key = (await params).key.join("/");
  if (!Upload.Key.safeParse(key).success) throw new NotFoundError("No such image");
  return new Response(null, {
    status: 302,
    headers: { location: await Upload.url(key), "cache-control": `private, max-age=${MAX_AGE_SECONDS}` },
  });
});

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
