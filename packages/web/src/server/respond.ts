import * as Actor from "@bourse/core/actor";
import { isDomainError, PayloadTooLargeError, RateLimitedError, ValidationError } from "@bourse/core/error";
import * as Metrics from "@bourse/core/metrics";
import * as Correlation from "@bourse/core/util/correlation";
import { fn } from "@bourse/core/util/fn";
import { traced } from "@bourse/core/util/trace";
import * as z from "zod";
import { type Caller, callerOf, withCookies } from "./auth";
import { statusOf, UnsupportedMediaTypeError } from "./errors";
import { type Logger, logger } from "./log";
import { observeRequest, prom } from "./metrics";

/**
 * The one place where HTTP meets the domain: every route handler is wrapped by `route`, which gives it a
 * correlation id and a logger, maps whatever it throws to a JSON error, and feeds the request metrics.
 */

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe("stable, machine-readable: validation_failed, not_found, internal, ..."),
    message: z.string(),
    details: z.unknown().optional().describe("for validation_failed: the issues, each { path, message }"),
  }),
});

/** Largest request body a route reads unless it sets its own limit. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

type Params = Record<string, string | string[] | undefined>;

/** What Next passes a route handler besides the request. */
export interface RouteContext<P extends Params = Params> {
  params: Promise<P>;
}

/** What a wrapped handler gets besides the request. */
export interface HandlerContext<P extends Params = Params> extends RouteContext<P> {
  requestId: string;
  log: Logger;
  /** Who is calling and by which credential (the same actor `Actor.use()` returns inside the handler). */
  caller: Caller;
}

type Handler<P extends Params> = (req: Request, ctx: HandlerContext<P>) => Response | Promise<Response>;

export function route<P extends Params = Params>(handler: Handler<P>) {
  // `ctx` is typed as required because Next's build-time check of route exports insists on it.
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    const started = performance.now();
    const requestId = correlationIdOf(req.headers);
    const log = logger.createChild({ persistentKeys: { correlation_id: requestId } });
    // Next's production server leaves `params` undefined for a route without dynamic segments.
    const params = ctx?.params ?? Promise.resolve({} as P);
    const pattern = patternOf(new URL(req.url).pathname, await params.catch(() => ({})));
    let response: Response;
    let code: string | undefined;
    prom.inFlight.inc();
    try {
      // Every core call of the handler runs as the caller (core checks rights against this actor); on AWS
      // the request is a subsegment of the server function's trace, named by its route.
      response = await traced(`${req.method} ${pattern}`, requestId, async () => {
        const caller = await callerOf(req);
        return Correlation.provide(requestId, () =>
          Actor.provide(caller.actor, () => handler(req, { params, requestId, log, caller })),
        );
      });
    } catch (error) {
      // An error is about this request only (often who sent it): no cache keeps it.
      const gone = req.signal.aborted && !isDomainError(error);
      response = withHeader(
        gone ? clientGone(error, log) : errorResponse(error, log),
        "cache-control",
        "no-store",
      );
      code = isDomainError(error) ? error.code : gone ? CLIENT_GONE : "internal";
    } finally {
      prom.inFlight.dec();
    }
    response = withHeader(response, "x-request-id", requestId);
    observeRequest(req.method, pattern, response.status, (performance.now() - started) / 1000, code);
    // On Lambda nothing runs after the answer: the counters go out before it, about once a second.
    await Metrics.Series.flushIfDue().catch((error: unknown) =>
      log.warn("metrics flush failed (retried by the next)", error instanceof Error ? error : String(error)),
    );
    return response;
  };
}

/** A route taking a JSON body, validated by `schema` before the handler runs. */
route.json = <S extends z.ZodType, P extends Params = Params>(
  schema: S,
  handler: (body: z.output<S>, req: Request, ctx: HandlerContext<P>) => Response | Promise<Response>,
  options: { limit?: number } = {},
) =>
  route<P>(async (req, ctx) => {
    const body = await readJson(req, options.limit ?? DEFAULT_BODY_LIMIT);
    return handler(parse(schema, body), req, ctx);
  });

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type RouteHandler<P extends Params> = (req: Request, ctx: RouteContext<P>) => Promise<Response>;

/**
 * A route file's exports: the methods it serves, and for every other one a 405 in JSON naming them (Next's
 * own 405 has no body). Each route ends `export const { GET, POST, PUT, PATCH, DELETE } = route.methods({...})`.
 */
route.methods = <P extends Params = Params>(
  served: Partial<Record<Method, RouteHandler<P>>>,
): Record<Method, RouteHandler<P>> => {
  const allowed = METHODS.filter((method) => served[method]);
  const refuse = route<P>((req) =>
    errorJson(405, "method_not_allowed", `${req.method} is not allowed here; use ${allowed.join(" or ")}`, {
      headers: { allow: allowed.join(", ") },
    }),
  );
  return Object.fromEntries(METHODS.map((method) => [method, served[method] ?? refuse])) as Record<
    Method,
    RouteHandler<P>
  >;
};

/** Validate as core's verbs do (`fn`), so a 400's details look the same whichever side refused the input. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  return fn(schema, (valid) => valid)(value as z.input<S>);
}

/** The query string, validated. */
export function query<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  return parse(schema, Object.fromEntries(new URL(req.url).searchParams));
}

export function errorJson(
  status: number,
  code: string,
  message: string,
  { details, headers }: { details?: unknown; headers?: HeadersInit } = {},
): Response {
  const error = details === undefined ? { code, message } : { code, message, details };
  return Response.json({ error }, { status, headers });
}

/** An answer no cache keeps (identities, per-viewer state, cookies); `null` sends no body. */
export function noStore(
  body: unknown,
  {
    status = 200,
    cookies = [],
    headers,
  }: { status?: number; cookies?: string[]; headers?: HeadersInit } = {},
): Response {
  const all = withCookies(headers, cookies);
  all.set("cache-control", "no-store");
  all.set("pragma", "no-cache");
  if (body === null) return new Response(null, { status, headers: all });
  return Response.json(body, { status, headers: all });
}

const CLIENT_GONE = "client_closed_request";

/**
 * The client disconnected mid-request (its body cut short, or it stopped waiting), so whatever failed
 * after that is not a fault of ours: logged as info, counted as 499 (nginx's "client closed request"),
 * kept out of the 5xx that alarms watch. Nobody reads the answer.
 */
function clientGone(error: unknown, log: Logger): Response {
  log.info("client went away", { error: error instanceof Error ? error.name : String(error) });
  return errorJson(499, CLIENT_GONE, "The client closed the request");
}

export function errorResponse(error: unknown, log: Logger): Response {
  if (!isDomainError(error)) {
    log.error("Unhandled error", error instanceof Error ? error : String(error));
    return errorJson(500, "internal", "Internal error");
  }
  const status = statusOf(error);
  if (status >= 500) log.error(error.message, error);
  const headers =
    error instanceof RateLimitedError ? { "retry-after": String(error.retryAfterSeconds) } : undefined;
  return errorJson(status, error.code, error.message, { details: error.details, headers });
}

async function readJson(req: Request, limit: number): Promise<unknown> {
  if (!/^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(req.headers.get("content-type") ?? ""))
    throw new UnsupportedMediaTypeError("Send the body as application/json");
  const bytes = await readBody(req, limit);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ValidationError("Request body is not valid JSON", undefined, "invalid_json");
  }
}

/** Content-Length may be absent (chunked) or wrong, so the limit is enforced on the bytes as they arrive. */
async function readBody(req: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new PayloadTooLargeError(`Request body over ${limit} bytes`);
  if (Number(req.headers.get("content-length")) > limit) throw tooLarge();
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

const REQUEST_ID = /^[\w.:=+/-]{1,128}$/;

/** The caller's request id, else the X-Ray trace root, else a new id. */
export function correlationIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  if (given && REQUEST_ID.test(given)) return given;
  return /Root=([\w-]{1,64})/.exec(headers.get("x-amzn-trace-id") ?? "")?.[1] ?? crypto.randomUUID();
}

/** The route pattern of a path (`/api/posts/[id]`), so metric labels stay few whatever the URLs. */
export function patternOf(pathname: string, params: Params): string {
  const segments = pathname.split("/");
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) segments.splice(segments.length - value.length, value.length, `[...${name}]`);
    else if (value !== undefined) {
      // Compared decoded: `/api/posts/%41` has the param "A", and a raw segment left in would let crafted
      // URLs mint series without bound (the running total is one item).
      const at = segments.findLastIndex((segment) => decoded(segment) === value);
      if (at > 0) segments[at] = `[${name}]`;
    }
  }
  return segments.join("/");
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Responses from fetch() have immutable headers: copy those. */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}
