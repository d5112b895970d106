import { type BucketSpec, buckets, corsFor } from "../topology";
import type { Protection } from "./protection";
import type { Resources } from "./resources";
import { functionArgs } from "./runtime";

type BucketKey = keyof typeof buckets;
const bucketKeys = Object.keys(buckets) as BucketKey[];

/** Unclaimed uploads are swept with their item after a day; this catches whatever the sweeper missed. */
const UPLOADS_EXPIRE = "2 days";

function createBucket(spec: BucketSpec, publicUrl: $util.Output<string>, protection: Protection) {
  const cors = publicUrl.apply((url) => corsFor(spec, url));
  const isMedia = spec === buckets.media;
  return new sst.aws.Bucket(spec.name, {
    // Browsers upload straight to S3 with presigned forms, so the bucket answers their preflight: for the
    // app's own origin (the Router's URL) and the methods it uses. Without topology CORS, `false`: SST's
    // default would allow every origin.
    cors: cors.apply((c) =>
      c
        ? {
            allowOrigins: c.allowOrigins,
            allowMethods: [...c.allowMethods],
            allowHeaders: [...c.allowHeaders],
            exposeHeaders: [...c.exposeHeaders],
            maxAge: `${c.maxAge} seconds` as const,
          }
        : false,
    ),
    // The Router reads claimed media (`media/`) with Origin Access Control; nothing is public.
    ...(isMedia ? { access: "cloudfront" as const } : {}),
    ...(isMedia
      ? { lifecycle: [{ id: "uploads-expire", prefix: "uploads/", expiresIn: UPLOADS_EXPIRE }] }
      : {}),
    versioning: protection.versioning,
    transform: {
      // Every stage, explicitly: no ACL and no policy can make an object public.
      publicAccessBlock: (args) => {
        args.blockPublicAcls = true;
        args.ignorePublicAcls = true;
        args.blockPublicPolicy = true;
        args.restrictPublicBuckets = true;
      },
    },
  });
}

export function createBuckets(
  publicUrl: $util.Output<string>,
  protection: Protection,
): Pick<Resources, BucketKey> {
  return {
    media: createBucket(buckets.media, publicUrl, protection),
    data: createBucket(buckets.data, publicUrl, protection),
  };
}

/** Object-created notifications. `notify` may run once per bucket, so each bucket passes all of its own. */
export function notifyBuckets(resources: Resources) {
  return bucketKeys.flatMap((key) => {
    const spec = buckets[key];
    if (!("notifications" in spec)) return [];
    return resources[key].notify({
      notifications: spec.notifications.map(({ handler, ...n }) => ({
        ...n,
        events: [...n.events],
        function: functionArgs({ name: n.name, handler }, resources),
      })),
    });
  });
}
