import { isIP } from "node:net";
import type * as Actor from "@bourse/core/actor";
import type * as Auth from "@bourse/core/auth";
import * as AccessToken from "@bourse/core/auth/access-token";
import * as Session from "@bourse/core/auth/session";
import { ForbiddenError, UnauthorizedError } from "@bourse/core/error";
import * as Partner from "@bourse/core/partner";
import { isRefusal, NotConfiguredError } from "./errors";

/**
 * Who is calling, from an HTTP request: a bearer access token (API clients), a partner API key, or the
 * browser's cookies. Cookies are httpOnly and SameSite=Lax; on top of that, every state-changing request
 * that carries an Origin must carry ours (BOURSE_PUBLIC_URL's), and one that rides on cookies must carry
 * it, so no other site can act for a visitor or plant a session in its browser.
 *
 * Nothing here trusts what a client may set: the public origin comes from configuration, the client's IP
 * only from the edge the deployment owns (`cloudfront-viewer-address`).
 */

export const ACCESS_COOKIE = "bourse_at";
export const REFRESH_COOKIE = "bourse_rt";
/** The refresh cookie goes only to the auth routes: it never travels with ordinary API calls. */
export const REFRESH_PATH = "/api/auth";
export const REFRESH_MAX_AGE = 7 * 24 * 3600;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The bucket of per-IP rate limits for requests whose client address the edge did not give. */
export const UNKNOWN_CLIENT = "unknown";

export class InvalidTokenError extends UnauthorizedError {
  constructor(message = "The access token is invalid or expired") {
    super(message, "invalid_token");
  }
}

export class InvalidApiKeyError extends UnauthorizedError {
  constructor() {
    super("The API key is invalid or revoked", "invalid_api_key");
  }
}

export class OriginMismatchError extends ForbiddenError {
  constructor() {
    super("A state-changing request must come from this site (its Origin header)", "origin_mismatch");
  }
}

/** BOURSE_PUBLIC_URL, where users reach the app (e.g. https://bourse.example); undefined when unset. */
export function publicUrl(): URL | undefined {
  const value = process.env.BOURSE_PUBLIC_URL?.trim();
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The route a mailed sign-in link opens (app/api/auth/magic-link/verify); core adds the token. */
export const MAGIC_LINK_VERIFY_PATH = "/api/auth/magic-link/verify";

/**
 * The origin that mailed links and redirects point to: BOURSE_PUBLIC_URL's, never anything the request
 * says (Host, X-Forwarded-Host), so a forged header cannot send a user's link to another site. Unset →
 * 503 not_configured: better no link than one built from request headers.
 */
export function publicOrigin(): string {
  const url = publicUrl();
  if (!url) throw new NotConfiguredError("BOURSE_PUBLIC_URL is not set: this deployment cannot mail links");
  return url.origin;
}

/**
 * The URL this server was asked for, as the runtime gives it; no forwarded header is read. For display
 * and fallbacks only: security decisions use the public origin.
 */
export function requestOrigin(req: Request): string {
  return new URL(req.url).origin;
}

/** The origin a browser request of ours carries: the public one, or (unconfigured) the request's own. */
function siteOrigin(req: Request): string {
  return publicUrl()?.origin ?? requestOrigin(req);
}

/**
 * The caller's IP for rate limits, from `cloudfront-viewer-address` only ("ip:port", IPv6 too). It is set
 * by the edge the deployment owns, which replaces any client copy: CloudFront on AWS (origin request
 * policy), the platform's front locally. X-Forwarded-For and every other client-sent header are ignored.
 * Without it (or malformed) all such traffic shares one bucket, UNKNOWN_CLIENT.
 */
export function clientIp(req: Request): string {
  const viewer = req.headers.get("cloudfront-viewer-address")?.trim() ?? "";
  // "198.51.100.10:46532" or "2001:db8::1:46532": the port is after the last colon.
  const at = viewer.lastIndexOf(":");
  const address = (at > 0 ? viewer.slice(0, at) : viewer).replace(/^\[(.*)\]$/, "$1");
  return isIP(address) ? address : UNKNOWN_CLIENT;
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

function cookie(_req: Request, name: string, value: string, path: string, maxAge: number): string {
  // Secure unless the app is served over plain http (the local platform): the public URL's scheme decides.
  const secure = publicUrl()?.protocol === "http:" ? "" : "; Secure";
  return `${name}=${encodeURIComponent(value)}; Path=${path}; Max-Age=${Math.max(0, Math.floor(maxAge))}; HttpOnly; SameSite=Lax${secure}`;
}

/**
 * Set-Cookie headers for a fresh pair of tokens. The access cookie lives as long as the refresh cookie,
 * past its token's 15 minutes: a request with an expired one is answered 401, so the browser refreshes
 * (callerOf). A cookie gone with its token would make the request look signed out instead.
 */
export function tokenCookies(req: Request, tokens: Auth.Tokens): string[] {
  const maxAge = Math.min(REFRESH_MAX_AGE, tokens.refreshExpiresIn ?? REFRESH_MAX_AGE);
  return [
    cookie(req, ACCESS_COOKIE, tokens.accessToken, "/", maxAge),
    cookie(req, REFRESH_COOKIE, tokens.refreshToken, REFRESH_PATH, maxAge),
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

/** A refusal of the credential itself (a 4xx from core) is replaced; an outage stays an outage. */
function orThrow<T>(replacement: () => T) {
  return (error: unknown): T => {
    if (isRefusal(error)) return replacement();
    throw error;
  };
}

/**
 * The actor of a request. Nothing is read from the table unless credentials are sent, so public routes
 * stay cheap. A bad bearer token or API key is a 401 (the client sent it on purpose); a bad access cookie
 * only means "no actor". An expired one is a 401, so the browser refreshes through /api/auth/refresh and
 * sends the request again: as "no actor", a public route would answer as if signed out (a calculation
 * left out of the history). The auth routes, which renew and end sessions, take it as no actor.
 */
export async function callerOf(req: Request): Promise<Caller> {
  const unsafe = !SAFE_METHODS.has(req.method.toUpperCase());
  const origin = req.headers.get("origin");
  // A foreign Origin on a state-changing request is refused whatever it carries (cookies, bearer or none):
  // another site must not even start a guest session in a visitor's browser.
  if (unsafe && origin !== null && origin !== siteOrigin(req)) throw new OriginMismatchError();
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
  // Any of our cookies on a state-changing request needs our Origin, not just no foreign one (refresh and
  // logout ride on the refresh cookie alone).
  if (unsafe && origin !== siteOrigin(req)) throw new OriginMismatchError();
  if (!access) return { actor: PUBLIC, via: "cookie" };
  const actor = await Session.authenticate(access).catch(
    orThrow(() => {
      if (AccessToken.expired(access) && !new URL(req.url).pathname.startsWith(`${REFRESH_PATH}/`))
        throw new InvalidTokenError("The access token has expired: refresh the session");
      return PUBLIC;
    }),
  );
  return { actor, via: "cookie" };
}

export async function actorOf(req: Request): Promise<Actor.Info> {
  return (await callerOf(req)).actor;
}
