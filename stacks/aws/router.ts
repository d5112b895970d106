/**
 * One CloudFront distribution per stage, created before everything it fronts, so its URL is known when the
 * web app is built and handed to it as BOURSE_PUBLIC_URL (a component cannot be given its own URL).
 *
 * - Viewer address: the Router's behaviour uses CloudFront's managed origin request policy
 *   AllViewerExceptHostHeader (b689b0a8-53d0-40ab-baf2-68738e2966ac), which adds the CloudFront request
 *   headers, `CloudFront-Viewer-Address` (client IP:port as CloudFront saw the connection) among them, to
 *   every origin request. CloudFront generates that header itself; it is not a copy of anything the client
 *   sent. See https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
 *   and https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/adding-cloudfront-headers.html
 *   ("Viewer location headers").
 * - Bypass: that header is only trustworthy if the server function cannot be called except through
 *   CloudFront. `protection: "oac-with-edge-signing"` makes the function URLs behind the Router IAM-authed
 *   (Origin Access Control), granted to this distribution only, with a Lambda@Edge signer for request
 *   bodies (at most 1 MB, as the app's own body limit; images go straight to S3).
 * - Media: `/api/media/media/*` is served from the media bucket (`media/<user>/<ulid>.<ext>`, claimed images
 *   only) rather than by the server function, whose buffered Lambda response is at most 6 MB while images
 *   reach 10 MB. The objects carry their type, `Content-Disposition: inline` and an immutable cache (set by
 *   Upload.claim); the response headers policy adds `X-Content-Type-Options: nosniff`.
 */
export function createRouter() {
  const nosniff = new aws.cloudfront.ResponseHeadersPolicy("RouterHeaders", {
    comment: "nosniff on every response, those served from S3 included",
    securityHeadersConfig: { contentTypeOptions: { override: true } },
  });
  return new sst.aws.Router("Router", {
    protection: "oac-with-edge-signing",
    transform: {
      cdn: (args) => {
        args.defaultCacheBehavior = $resolve([args.defaultCacheBehavior, nosniff.id]).apply(
          ([behavior, responseHeadersPolicyId]) =>
            ({
              ...(behavior as object),
              responseHeadersPolicyId,
            }) as aws.types.input.cloudfront.DistributionDefaultCacheBehavior,
        );
      },
    },
  });
}

/** Claimed media straight from the bucket, under the same path the web app serves it locally. */
export function routeMedia(router: sst.aws.Router, media: sst.aws.Bucket) {
  router.routeBucket("/api/media/media", media, { rewrite: { regex: "^/api/media/", to: "/" } });
}
