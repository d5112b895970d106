/** Uploads: browsers post images straight to the media bucket with presigned forms; unclaimed ones expire. */
import type { BucketSpec } from "./bucket";
import { entityFilter } from "./filter";
import { subscriber } from "./subscriber";

export const buckets = {
  media: {
    name: "Media",
    // What the browser does: POST a presigned form (uploads), GET/HEAD an image. Never PUT or DELETE.
    cors: {
      allowMethods: ["POST", "GET", "HEAD"],
      allowHeaders: ["content-type"],
      exposeHeaders: ["ETag"],
      maxAge: 3600,
    },
  },
} as const satisfies Record<string, BucketSpec>;

export const subscribers = [
  // An upload item expiring (TTL): its `uploads/` object goes too (a claim keeps its own `media/` copy).
  subscriber({
    name: "UploadSweeper",
    handler: "packages/functions/src/streams/upload-sweeper.handler",
    filters: entityFilter("upload", ["REMOVE"]),
    batchSize: 25,
  }),
] as const;
