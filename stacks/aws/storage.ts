import { type BucketSpec, buckets } from "../topology";
import type { Resources } from "./resources";
import { functionArgs } from "./runtime";

type BucketKey = keyof typeof buckets;
const bucketKeys = Object.keys(buckets) as BucketKey[];

function createBucket(spec: BucketSpec) {
  const { cors } = spec;
  return new sst.aws.Bucket(spec.name, {
    // Browsers upload straight to S3 with presigned URLs, so the bucket answers their preflight. Without
    // topology CORS, `false`: SST's default would allow every origin, and the local emulator allows none.
    cors: cors
      ? {
          allowOrigins: [...cors.allowOrigins],
          allowMethods: [...cors.allowMethods],
          allowHeaders: [...cors.allowHeaders],
          exposeHeaders: [...cors.exposeHeaders],
          maxAge: `${cors.maxAge} seconds`,
        }
      : false,
  });
}

export function createBuckets(): Pick<Resources, BucketKey> {
  return { media: createBucket(buckets.media), data: createBucket(buckets.data) };
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
