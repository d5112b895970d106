import { MetricUnit } from "@aws-lambda-powertools/metrics";
import * as Actor from "@bourse/core/actor";
import * as Session from "@bourse/core/auth/session";
import {
  DomainError,
  isDomainError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from "@bourse/core/error";
import * as Metrics from "@bourse/core/metrics";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
// The one table from domain error to HTTP status (a plain module: no web dependency comes with it).
import { statusOf, UnsupportedMediaTypeError } from "../../../web/src/server/errors";
import { lambda, logger, metrics } from "./lambda";

/** The product part of a URL function, from its topology name (`CalcApi` → calc). */
const part = (name: string) => (name === "HealthApi" ? "operations" : name.replace(/Api$/, "").toLowerCase());

/**
 * A lean JSON API on a Lambda function URL (payload format 2.0): routes by method and path (after the
 * Router's mount path), the caller from a bearer access token (the web app's JWTs; no cookies), errors as
 * `{ error: { code, message } }` with the web app's statuses, a correlation id in logs and answers.
 */

export interface UrlRequest {
  path: string;
  query: Record<string, string | undefined>;
  /** The JSON body (415 unless sent as JSON, 400 if malformed, 413 over 1 MiB). */
  json(): unknown;
  requestId: string;
}

export type UrlRoute = (req: UrlRequest) => Promise<unknown>;

const BODY_LIMIT = 1024 * 1024;
const REQUEST_ID = /^[\w.:=+/-]{1,128}$/;

export function urlFunction(name: string, mount: string, routes: Record<string, UrlRoute>) {
  return lambda<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(
    (event) => requestIdOf(event),
    async (event) => {
      const started = performance.now();
      const requestId = requestIdOf(event);
      const method = event.requestContext?.http?.method ?? "GET";
      const path = stripMount(event.rawPath ?? "/", mount);
      const key = `${method} ${path}`;
      let status = 200;
      let code: string | undefined;
      let body: unknown;
      try {
        const route = routes[key];
        if (!route) {
          const allowed = Object.keys(routes).filter((k) => k.endsWith(` ${path}`));
          if (allowed.length) throw new MethodNotAllowedError(method);
          throw new NotFoundError(`No route ${path}`);
        }
        const actor = await actorOf(event.headers ?? {});
        body = await Actor.provide(actor, () =>
          route({ path, query: event.queryStringParameters ?? {}, json: () => jsonOf(event), requestId }),
        );
      } catch (error) {
        ({ status, code, body } = errorOf(error));
      }
      const seconds = (performance.now() - started) / 1000;
      const route = `${mount}${path === "/" ? "" : path}`;
      Metrics.observeHttp({ server: name, part: part(name), method, route, status, code, seconds });
      metrics.addDimensions({ server: name });
      metrics.addMetric("Requests", MetricUnit.Count, 1);
      metrics.addMetric("Errors", MetricUnit.Count, status >= 500 ? 1 : 0);
      metrics.addMetric("Latency", MetricUnit.Milliseconds, seconds * 1000);
      // Nothing runs once Lambda has the answer: the counters go out before it, about once a second.
      await Metrics.Series.flushIfDue().catch((error: unknown) =>
        logger.warn("metrics flush failed (retried by the next)", { error: String(error) }),
      );
      return {
        statusCode: status,
        headers: {
          "content-type": "application/json",
          "cache-control": "no-store",
          "x-content-type-options": "nosniff",
          "x-request-id": requestId,
        },
        body: JSON.stringify(body),
      };
    },
  );
}

function requestIdOf(event: APIGatewayProxyEventV2): string {
  const given = event.headers?.["x-request-id"];
  return given && REQUEST_ID.test(given) ? given : (event.requestContext?.requestId ?? crypto.randomUUID());
}

/** The Router forwards its mount path unchanged; the function's own URL has none. */
function stripMount(rawPath: string, mount: string): string {
  const path = rawPath.startsWith(`${mount}/`) || rawPath === mount ? rawPath.slice(mount.length) : rawPath;
  return path.replace(/\/+$/, "") || "/";
}

/** Who presented a token (Session.authenticate remembers a verified session for a few seconds). */
async function actorOf(headers: Record<string, string | undefined>): Promise<Actor.Info> {
  const authorization = headers.authorization;
  if (!authorization) return { type: "public", properties: {} };
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (!token) throw new UnauthorizedError("The access token is invalid or expired", "invalid_token");
  return Session.authenticate(token).catch((error: unknown) => {
    // A refused token is the caller's mistake; an outage stays an outage (a 500).
    if (isDomainError(error) && statusOf(error) < 500)
      throw new UnauthorizedError("The access token is invalid or expired", "invalid_token");
    throw error;
  });
}

function jsonOf(event: APIGatewayProxyEventV2): unknown {
  const type = event.headers?.["content-type"] ?? "";
  if (!/^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(type))
    throw new UnsupportedMediaTypeError("Send the body as application/json");
  const bytes = Buffer.from(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
  if (bytes.byteLength > BODY_LIMIT) throw new PayloadTooLargeError(`Request body over ${BODY_LIMIT} bytes`);
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ValidationError("Request body is not valid JSON", undefined, "invalid_json");
  }
}

class MethodNotAllowedError extends DomainError {
  constructor(method: string) {
    super("method_not_allowed", `${method} is not allowed here`);
  }
}

function errorOf(error: unknown) {
  if (!isDomainError(error)) {
    logger.error("unhandled error", error as Error);
    return {
      status: 500,
      code: "internal",
      body: { error: { code: "internal", message: "Internal error" } },
    };
  }
  const status = error instanceof MethodNotAllowedError ? 405 : statusOf(error);
  if (status >= 500) logger.error(error.message, error);
  const details = error.details === undefined ? {} : { details: error.details };
  return {
    status,
    code: error.code,
    body: { error: { code: error.code, message: error.message, ...details } },
  };
}
