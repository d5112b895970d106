/**
 * Route-test fixtures for the social API on the local platform: members with real sessions (requests
 * carry their bearer token, so the route wrapper resolves the actor as in production), guests, and a
 * one-call way to invoke a route handler.
 */
import * as Auth from "@bourse/core/auth";
import * as Session from "@bourse/core/auth/session";
import * as Social from "@bourse/core/social/testing";
import type { RouteContext } from "@/server/respond";
import * as Posts from "./route";

export interface Caller {
  authorization: string;
}

export interface Member extends Social.Member, Caller {}

export async function member(displayName = "Tester"): Promise<Member> {
  const created = await Social.member(displayName);
  const tokens = await Session.start({ userID: created.id });
  return { ...created, authorization: `Bearer ${tokens.accessToken}` };
}

/** An anonymous visitor's session: may read, may not act. */
export async function guest(): Promise<Caller> {
  const tokens = await Auth.anonymous({ ip: `test-ip-${crypto.randomUUID()}` });
  return { authorization: `Bearer ${tokens.accessToken}` };
}

/** An image uploaded by the member through a presigned POST, as the browser sends it. */
export const image = (who: { id: string }) => Social.image(who);

type Params = Record<string, string>;
type Handler<P extends Params> = (req: Request, ctx: RouteContext<P>) => Promise<Response>;

export interface Call<P extends Params> {
  path: string;
  params?: P;
  as?: Caller;
  /** A JSON body (sent as application/json), or a raw string with its own content type. */
  body?: unknown;
  contentType?: string;
  method?: string;
}

/** Invoke a route handler as Next would, with the request's method taken from the export's name. */
export function call<P extends Params>(handler: Handler<P>, method: string, options: Call<P>) {
  const headers: Record<string, string> = {};
  if (options.as) headers.authorization = options.as.authorization;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["content-type"] = options.contentType ?? "application/json";
  }
  const req = new Request(`http://localhost${options.path}`, { method, headers, body });
  return handler(req, { params: Promise.resolve((options.params ?? {}) as P) });
}

/** The JSON error code of a response. */
export async function codeOf(response: Response): Promise<string> {
  return (await response.json()).error?.code;
}

/** A post by the member through POST /api/posts, with a freshly uploaded image; its id. */
export async function postBy(who: Caller & { id: string }): Promise<string> {
  const response = await call(Posts.POST, "POST", {
    path: "/api/posts",
    body: { imageKey: await image(who) },
    as: who,
  });
  return (await response.json()).id as string;
}
