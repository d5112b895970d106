/**
 * For route tests: a browser-like client that calls exported route handlers with real Request objects,
 * keeps the cookies the responses set (respecting their Path), and sends Origin on state-changing
 * requests as browsers do. Each client has its own IP, presented as the edge presents it
 * (`cloudfront-viewer-address`, which CloudFront and the local front set), so per-IP rate limits of tests
 * never collide. ORIGIN is the test platform's BOURSE_PUBLIC_URL (vitest.config.ts).
 */
import { createHmac } from "node:crypto";
import * as Auth from "@bourse/core/auth";
import { Resource } from "sst";

// The test platform's helpers, so route tests need no path out of this package.
export { publicUrlOf } from "../../../../stacks/local/env";
export { platformIdle } from "../../../../stacks/local/testing/global-setup";

export const ORIGIN = "http://localhost";
/** The header the edge sets with the client's socket address ("ip:port"). */
export const VIEWER = "cloudfront-viewer-address";
export const PASSWORD = "correct horse battery staple";

type Params = Record<string, string>;
type Handler<P extends Params> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

export interface SendOptions<P extends Params = Params> {
  method?: string;
  /** A value is sent as JSON; a string as is (with a JSON content type). */
  body?: unknown;
  headers?: Record<string, string>;
  params?: P;
  /** Send Origin on state-changing requests (default true, as a browser does); a string sends that. */
  origin?: boolean | string;
  /** Send the cookies of the jar (default true). */
  cookies?: boolean;
}

/** Unique test identities (the platform's table is shared by every test file of a run). */
export function unique(label = "w") {
  const tail = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
  return {
    email: `${label}.${tail}@example.com`,
    handle: `${label}_${tail}`.slice(0, 30),
    displayName: `Test ${label}`,
    password: PASSWORD,
    /** A documentation IPv6 address of its own (2001:db8::/32). */
    ip: `2001:db8:${tail.slice(0, 4)}:${tail.slice(4, 8)}:${tail.slice(8, 12)}::1`,
  };
}

interface Cookie {
  value: string;
  path: string;
}

export class Client {
  readonly cookies = new Map<string, Cookie>();
  constructor(readonly ip = unique().ip) {}

  async send<P extends Params>(
    handler: Handler<P>,
    path: string,
    options: SendOptions<P> = {},
  ): Promise<Response> {
    const method = options.method ?? (options.body === undefined ? "GET" : "POST");
    const headers = new Headers(options.headers);
    if (!headers.has(VIEWER)) headers.set(VIEWER, `${this.ip}:50443`);
    if (!headers.has("user-agent")) headers.set("user-agent", "route-test");
    const jar = options.cookies === false ? "" : this.cookieHeader(path);
    if (jar) headers.set("cookie", jar);
    if (options.origin !== false && !["GET", "HEAD", "OPTIONS"].includes(method))
      headers.set("origin", typeof options.origin === "string" ? options.origin : ORIGIN);
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    const response = await handler(new Request(`${ORIGIN}${path}`, { method, headers, body }), {
      params: Promise.resolve((options.params ?? {}) as P),
    });
    this.absorb(response);
    return response;
  }

  /** The Cookie header a browser would send to this path. */
  cookieHeader(path: string): string {
    return [...this.cookies]
      .filter(([, c]) => path === c.path || path.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map(([name, c]) => `${name}=${encodeURIComponent(c.value)}`)
      .join("; ");
  }

  absorb(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = decodeURIComponent(pair.slice(at + 1));
      const attribute = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split("=")[1];
      if (attribute("max-age") === "0") this.cookies.delete(name);
      else this.cookies.set(name, { value, path: attribute("path") ?? "/" });
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }
}

/** A member signed up through core, with its tokens (for bearer calls). */
export async function member(label = "m") {
  const who = unique(label);
  const tokens = await Auth.signup(who, { ip: who.ip });
  return { ...who, tokens, bearer: { authorization: `Bearer ${tokens.accessToken}` } };
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** An HS256 JWT signed with any secret (the stage's by default): to forge tokens the way attackers do. */
export function jwt(
  payload: Record<string, unknown>,
  { secret = Resource.JwtSigningKey.value, alg = "HS256" }: { secret?: string; alg?: string } = {},
): string {
  const head = `${base64url(JSON.stringify({ alg, typ: "JWT" }))}.${base64url(JSON.stringify(payload))}`;
  if (alg === "none") return `${head}.`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

/** The claims of a JWT, unverified. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}
