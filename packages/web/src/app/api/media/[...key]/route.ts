import * as Upload from "@bourse/core/upload";
import { route } from "@/server/respond";

/**
 * An uploaded image (`<img src="/api/media/media/...">`): a claimed image for anyone, a pending upload for
 * its owner only (core decides), anything else 404. The bytes are streamed from the bucket with their stored
 * type, shown inline and never sniffed. On AWS the Router serves `/api/media/media/*` straight from the
 * bucket with the same headers (stacks/aws/router.ts), so large images do not pass through Lambda.
 */
const open = route<{ key: string[] }>(async (_req, { params }) => {
  const media = await Upload.open((await params).key.join("/"));
  return new Response(media.body, {
    headers: {
      "content-type": media.contentType,
      "content-disposition": media.contentDisposition,
      "x-content-type-options": "nosniff",
      "cache-control": media.cacheControl,
      ...(media.contentLength === undefined ? {} : { "content-length": String(media.contentLength) }),
    },
  });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: open });
