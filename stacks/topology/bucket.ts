export interface BucketSpec {
  name: string;
  /**
   * CORS for browsers that upload straight to the bucket with presigned forms. The one allowed origin is the
   * app's public URL, which only the platform knows: `corsFor` adds it (stacks/aws, stacks/local).
   */
  cors?: {
    allowMethods: ("GET" | "POST" | "HEAD")[];
    allowHeaders: string[];
    exposeHeaders: string[];
    maxAge: number;
  };
  /** Object-created notifications, each to one handler. */
  notifications?: {
    name: string;
    handler: string;
    events: ["s3:ObjectCreated:*"];
    filterPrefix?: string;
    filterSuffix?: string;
  }[];
}

export type BucketCors = NonNullable<BucketSpec["cors"]> & { allowOrigins: string[] };

/** A bucket's CORS for the app served at `publicUrl`: its origin and no other. */
export function corsFor(spec: BucketSpec, publicUrl: string): BucketCors | undefined {
  return spec.cors && { ...spec.cors, allowOrigins: [new URL(publicUrl).origin] };
}
