import { Resource } from "sst";

/**
 * The security headers of every page and API response. proxy.ts is the one place that sets them; this
 * module only says what they are, so they can be tested without a server.
 */

export interface Edge {
  /** A fresh, unguessable value per request: Next puts it on its own scripts (see proxy.ts). */
  nonce: string;
  /** `next dev`: React's debugging needs eval, and the dev overlay injects inline styles. */
  dev: boolean;
  /** Whether the app is served over https, decided by BOURSE_PUBLIC_URL (never by request headers). */
  https: boolean;
  /** Origins the browser talks to besides the app: the media and data buckets, where presigned uploads go. */
  storage: readonly string[];
}

export function contentSecurityPolicy({ nonce, dev, https, storage }: Edge): string {
  const directives: Record<string, readonly string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic': what a nonced script loads (Next's chunks) runs; nothing else does.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": dev ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`],
    // React's `style` props (avatar colours, the sticky "new posts" button) are attributes: no nonce there.
    "style-src-attr": ["'unsafe-inline'"],
    // blob: the composer's preview of a picked image; data: inline icons. Images are the app's own
    // (/api/media serves them), so the bucket is only a place to upload to.
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...storage],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "worker-src": ["'self'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    ...(https ? { "upgrade-insecure-requests": [] } : {}),
  };
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(" "))
    .join("; ");
}

/** Every header but the CSP: the same on every response. */
export function staticHeaders({ https }: Pick<Edge, "https">): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "x-frame-options": "DENY",
    // Only over https: an HSTS header on plain http is ignored at best and pins localhost at worst.
    ...(https ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/** Whether the configured public URL is https (unset or unparsable: no). */
export function servedOverHttps(publicUrl = process.env.BOURSE_PUBLIC_URL): boolean {
  try {
    return new URL(publicUrl ?? "").protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * The media bucket's origin as the AWS SDK addresses it in presigned URLs: virtual-hosted
 * (`<bucket>.s3.<region>.amazonaws.com`, or `<bucket>.<host>` under a local endpoint such as
 * AWS_ENDPOINT_URL_S3), path-style (the endpoint itself) for an IP endpoint.
 */
export function storageOrigins(
  env: Record<string, string | undefined>,
  bucket: string | undefined,
): string[] {
  if (!bucket) return [];
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  if (!endpoint) return [`https://${bucket}.s3.${env.AWS_REGION ?? "us-east-1"}.amazonaws.com`];
  try {
    const url = new URL(endpoint);
    // The SDK addresses a bucket under a host name as a subdomain, under an IP address in the path.
    const ip = /^[\d.]+$|^\[/.test(url.hostname);
    return ip ? [url.origin] : [url.origin, `${url.protocol}//${bucket}.${url.host}`];
  } catch {
    return [];
  }
}

export function mediaBucket(): string | undefined {
  try {
    return Resource.Media.name;
  } catch {
    // Not linked (a build without resources): the app has no bucket to talk to.
    return undefined;
  }
}

/** The data bucket, where price files are uploaded with presigned forms. */
export function dataBucket(): string | undefined {
  try {
    return Resource.Data.name;
  } catch {
    return undefined;
  }
}

/** The WebSocket API's origin (`wss://…`, `ws://127.0.0.1:…` locally), where the tab's socket goes. */
export function realtimeOrigin(): string[] {
  try {
    return [new URL(Resource.Realtime.url).origin];
  } catch {
    return [];
  }
}

/** A nonce per request: 128 random bits, base64 as CSP's nonce-source wants. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
