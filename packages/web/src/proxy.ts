import { type NextRequest, NextResponse } from "next/server";
import {
  contentSecurityPolicy,
  dataBucket,
  mediaBucket,
  newNonce,
  realtimeOrigin,
  servedOverHttps,
  staticHeaders,
  storageOrigins,
} from "./server/security-headers";

/**
 * Runs before Next routes a request (in `next start` and in OpenNext's server function alike): the one place
 * that sets the security headers, and the guard that keeps undecodable /api paths from reaching Next's
 * router, which would answer them with its HTML error page.
 */

const https = servedOverHttps();
const dev = process.env.NODE_ENV === "development";
let storage: string[] | undefined;

export function proxy(req: NextRequest) {
  storage ??= [
    ...new Set([...storageOrigins(process.env, mediaBucket()), ...storageOrigins(process.env, dataBucket())]),
    ...realtimeOrigin(),
  ];
  const nonce = newNonce();
  const csp = contentSecurityPolicy({ nonce, dev, https, storage });
  const pathname = new URL(req.url).pathname;
  let response: NextResponse;
  if (isApi(pathname) && !decodable(pathname)) {
    response = NextResponse.json(
      { error: { code: "malformed_url", message: "The path is not valid percent-encoded UTF-8" } },
      { status: 400, headers: { "cache-control": "no-store" } },
    );
  } else {
    // Next reads the nonce from the request's CSP and puts it on every script it renders.
    const headers = new Headers(req.headers);
    headers.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(staticHeaders({ https }))) response.headers.set(name, value);
  return response;
}

const isApi = (pathname: string) => pathname === "/api" || pathname.startsWith("/api/");

function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export const config = {
  // Build assets are immutable files with their own types; everything else, pages and API, gets the headers.
  matcher: ["/((?!_next/static/|_next/image).*)"],
};
