import type { Actor } from "@bourse/core/actor";
import type { Auth } from "@bourse/core/auth";
import { Session } from "@bourse/core/auth";
import { DomainError, isDomainError } from "@bourse/core/error";
import { Partner } from "@bourse/core/partner";

/**
 * Who is calling, from an HTTP request: a bearer access token (API clients), a partner API key, or the
 * browser's cookies. Cookies are httpOnly and SameSite=Lax; on top of that, a state-changing request that
 * rides on cookies must come from our own origin (Origin header), so no other site can act for a visitor.
 */

export const ACCESS_COOKIE = "bourse_at";
export const REFRESH_COOKIE = "bourse_rt";
/** The refresh cookie goes only to the auth routes: it never travels with ordinary API calls. */
export const REFRESH_PATH = "/api/auth";
export const REFRESH_MAX_AGE = 7 * 24 * 3600;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export class InvalidTokenError extends DomainError {
  constructor(message = "The access token is invalid or expired") {
    super("invalid_token", message, 401);
  }
}

export class InvalidApiKeyError extends DomainError {
  constructor() {
    super("invalid_api_key", "The API key is invalid or revoked", 401);
  }
}

export class OriginMismatchError extends DomainError {
  constructor() {
    super("origin_mismatch", "A request authenticated by cookie must come from this site", 403);
  }
}

/** The first value of a comma-separated header (proxies append theirs after the client's). */
function first(headers: Headers, name: string): string | undefined {
  return headers.get(name)?.split(",")[0]?.trim() || undefined;
}

/**
 * The origin the client addressed. Behind CloudFront/OpenNext the Lambda sees its own host; the viewer's
 * host and scheme arrive in x-forwarded-host / x-forwarded-proto (a browser cannot set these cross-site).
 */
export function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const proto = first(req.headers, "x-forwarded-proto")?.replace(/:$/, "") ?? url.protocol.slice(0, -1);
  let host = first(req.headers, "x-forwarded-host") ?? url.host;
  const port = first(req.headers, "x-forwarded-port");
  if (port && !/:\d+$/.test(host)) host = `${host}:${port}`;
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return url.origin;
  }
}

function isLocal(req: Request): boolean {
  return LOCAL_HOSTS.has(new URL(requestOrigin(req)).hostname);
}

/**
 * The caller's IP for rate limits: CloudFront's viewer address when the distribution forwards it (a client
 * cannot forge it through CloudFront), else the first x-forwarded-for entry, else "local".
 */
export function clientIp(req: Request): string {
  const viewer = req.headers.get("cloudfront-viewer-address")?.trim();
  // "198.51.100.10:46532" or "2001:db8::1:46532": the port is after the last colon.
  if (viewer && viewer.lastIndexOf(":") > 0) return viewer.slice(0, viewer.lastIndexOf(":"));
  return first(req.headers, "x-forwarded-for") ?? "local";
}

/** What core records about a session's device. */
export function metaOf(req: Request): { userAgent?: string; ip: string } {
  const userAgent = req.headers.get("user-agent")?.slice(0, 300) || undefined;
  return { ...(userAgent ? { userAgent } : {}), ip: clientIp(req) };
}

export function cookiesOf(req: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (req.headers.get("cookie") ?? "").split(";")) {
    const at = pair.indexOf("=");
    if (at < 0) continue;
    const name = pair.slice(0, at).trim();
    if (!name || cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(pair.slice(at + 1).trim()));
    } catch {
      cookies.set(name, pair.slice(at + 1).trim());
    }
  }
  return cookies;
}

function cookie(req: Request, name: string, value: string, path: string, maxAge: number): string {
  const secure = isLocal(req) ? "" : "; Secure";
  return `${name}=${encodeURIComponent(value)}; Path=${path}; Max-Age=${Math.max(0, Math.floor(maxAge))}; HttpOnly; SameSite=Lax${secure}`;
}

/** Set-Cookie headers for a fresh pair of tokens. */
export function tokenCookies(req: Request, tokens: Auth.Tokens): string[] {
  return [
    cookie(req, ACCESS_COOKIE, tokens.accessToken, "/", tokens.expiresIn),
    cookie(
      req,
      REFRESH_COOKIE,
      tokens.refreshToken,
      REFRESH_PATH,
      Math.min(REFRESH_MAX_AGE, tokens.refreshExpiresIn ?? REFRESH_MAX_AGE),
    ),
  ];
}

/** Set-Cookie headers that delete both cookies (same name, path and attributes, Max-Age=0). */
export function clearedCookies(req: Request): string[] {
  return [cookie(req, ACCESS_COOKIE, "", "/", 0), cookie(req, REFRESH_COOKIE, "", REFRESH_PATH, 0)];
}

/** A response's headers with Set-Cookie lines added (several Set-Cookie headers must stay separate). */
export function withCookies(init: HeadersInit | undefined, cookies: string[]): Headers {
  const headers = new Headers(init);
  for (const line of cookies) headers.append("set-cookie", line);
  return headers;
}

/** How the actor was established: routes that act on cookies (refresh, logout) need to know. */
export type Credential = "bearer" | "api-key" | "cookie" | "none";

export interface Caller {
  actor: Actor.Info;
  via: Credential;
}

const PUBLIC: Actor.Info = { type: "public", properties: {} };

/** A refusal of the credential itself (a 4xx from core); an outage (5xx, network) stays an outage. */
function refused(error: unknown): boolean {
  return isDomainError(error) && error.status < 500;
}

function orThrow<T>(replacement: () => T) {
  return (error: unknown): T => {
    if (refused(error)) return replacement();
    throw error;
  };
}

/**
 * The actor of a request. Nothing is read from the table unless credentials are sent, so public routes
 * stay cheap. A bad bearer token or API key is a 401 (the client sent it on purpose); a bad access cookie
 * only means "no actor": the browser then refreshes through /api/auth/refresh.
 */
export async function callerOf(req: Request): Promise<Caller> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (!token) throw new InvalidTokenError("Send the access token as Authorization: Bearer <token>");
    const actor = await Session.authenticate(token).catch(
      orThrow(() => {
        throw new InvalidTokenError();
      }),
    );
    return { actor, via: "bearer" };
  }
  const apiKey = req.headers.get("x-api-key");
  if (apiKey) {
    const actor = await Partner.authenticate(apiKey).catch(
      orThrow(() => {
        throw new InvalidApiKeyError();
      }),
    );
    return { actor, via: "api-key" };
  }
  const cookies = cookiesOf(req);
  const access = cookies.get(ACCESS_COOKIE);
  if (!access && !cookies.has(REFRESH_COOKIE)) return { actor: PUBLIC, via: "none" };
  // Any of our cookies on a state-changing request (refresh and logout ride on the refresh cookie alone).
  if (!SAFE_METHODS.has(req.method.toUpperCase()) && req.headers.get("origin") !== requestOrigin(req))
    throw new OriginMismatchError();
  if (!access) return { actor: PUBLIC, via: "cookie" };
  const actor = await Session.authenticate(access).catch(orThrow(() => PUBLIC));
  return { actor, via: "cookie" };
}

export async function actorOf(req: Request): Promise<Actor.Info> {
  return (await callerOf(req)).actor;
}

/** Auth answers are never cached (they carry identities and set cookies). */
export function noStore(
  body: unknown,
  { status = 200, cookies = [] }: { status?: number; cookies?: string[] } = {},
): Response {
  const headers = withCookies({ "cache-control": "no-store", pragma: "no-cache" }, cookies);
  if (body === null) return new Response(null, { status, headers });
  return Response.json(body, { status, headers });
}

/**
 * Where magic links point. A configured public URL wins (BOURSE_PUBLIC_URL); otherwise the origin the
 * request addressed, which CloudFront only forwards for the distribution's own domain names.
 */
export function publicOrigin(req: Request): string {
  return process.env.BOURSE_PUBLIC_URL?.replace(/\/+$/, "") || requestOrigin(req);
}
