import { type BucketSpec, buckets, corsFor } from "../topology";
import type { Live } from "./live";
import type { Protection } from "./protection";
import type { Resources } from "./resources";
import { functionArgs } from "./runtime";

type BucketKey = keyof typeof buckets;
const bucketKeys = Object.keys(buckets) as BucketKey[];

/** Unclaimed uploads are swept with their item after a day; this catches whatever the sweeper missed. */
const UPLOADS_EXPIRE = "2 days";

/**
 * Claimed media never changes (immutable key, cached a year by the CDN) and is read less as it ages: after
 * 90 days it moves to Standard-IA. Only objects over 128 KiB, IA's minimum billable size, below which the
 * move would cost more than it saves. In S3's own rule shape: SST's `lifecycle` knows only expiry.
 */
export const MEDIA_TO_INFREQUENT_ACCESS = {
  id: "media-infrequent-access",
  status: "Enabled",
  filter: { and: { prefix: "media/", objectSizeGreaterThan: 128 * 1024 } },
  transitions: [{ days: 90, storageClass: "STANDARD_IA" }],
};

function createBucket(spec: BucketSpec, router: sst.aws.Router, protection: Protection) {
  const cors = router.url.apply((url) => corsFor(spec, url));
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
    // This stage's Router reads claimed media (`media/`) with Origin Access Control, and nothing else:
    // pending `uploads/` are never served from the bucket. Nothing is public.
    ...(isMedia
      ? {
          policy: [
            {
              principals: [{ type: "service" as const, identifiers: ["cloudfront.amazonaws.com"] }],
              actions: ["s3:GetObject"],
              paths: ["media/*"],
              conditions: [
                {
                  test: "StringEquals",
                  variable: "AWS:SourceArn",
                  values: [router.nodes.cdn.apply((cdn) => cdn.nodes.distribution.arn)],
                },
              ],
            },
          ],
        }
      : {}),
    ...(isMedia
      ? { lifecycle: [{ id: "uploads-expire", prefix: "uploads/", expiresIn: UPLOADS_EXPIRE }] }
      : {}),
    versioning: protection.versioning,
    transform: {
      ...(isMedia
        ? {
            lifecycle: (args) => {
              args.rules = $output(args.rules).apply((rules) => [
                ...(rules ?? []),
                MEDIA_TO_INFREQUENT_ACCESS,
              ]);
            },
          }
        : {}),
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

export function createBuckets(router: sst.aws.Router, protection: Protection): Pick<Resources, BucketKey> {
  return {
    media: createBucket(buckets.media, router, protection),
    data: createBucket(buckets.data, router, protection),
  };
}

/**
 * Object-created notifications, to each function's `live` alias. `notify` may run once per bucket, so each
 * bucket passes all of its own.
 */
export function notifyBuckets(resources: Resources, live: Live) {
  return bucketKeys.flatMap((key) => {
    const spec = buckets[key];
    if (!("notifications" in spec)) return [];
    return resources[key].notify({
      notifications: spec.notifications.map(({ handler, ...n }) => ({
        ...n,
        events: [...n.events],
        function: live.publish(
          { name: n.name, kind: "notification" },
          new sst.aws.Function(`${n.name}Handler`, functionArgs({ name: n.name, handler }, resources)),
        ).arn,
      })),
    });
  });
}
