import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from "@bourse/core/error";
import * as Metrics from "@bourse/core/metrics";
import { tracer } from "@bourse/core/util/trace";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import * as z from "zod";
import { logger } from "./log";
import { correlationIdOf, DEFAULT_BODY_LIMIT, patternOf, route } from "./respond";

const URL = "http://localhost/api/things";
const Thing = z.object({ name: z.string().min(1), count: z.number().int() });
/** What Next passes a route without dynamic segments. */
const none = { params: Promise.resolve({}) };
const echo = route.json(Thing, (body) => Response.json(body, { status: 201 }));

function post(body: BodyInit, headers: Record<string, string> = { "content-type": "application/json" }) {
  return new Request(URL, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

/** A body streamed in chunks with no Content-Length, as a chunked upload arrives. */
function stream(bytes: number, chunk = 64 * 1024) {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const size = Math.min(chunk, bytes - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
}

async function errorOf(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()).error;
}

afterEach(() => vi.restoreAllMocks());

describe("route.json", () => {
  it("hands the validated body to the handler", async () => {
    const response = await echo(post(JSON.stringify({ name: "a", count: 2 })), none);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ name: "a", count: 2 });
  });

  it("accepts a JSON content type with parameters or a +json suffix", async () => {
    const body = JSON.stringify({ name: "a", count: 1 });
    expect((await echo(post(body, { "content-type": "application/json; charset=utf-8" }), none)).status).toBe(
      201,
    );
    expect((await echo(post(body, { "content-type": "application/merge-patch+json" }), none)).status).toBe(
      201,
    );
  });

  it("answers malformed JSON with 400 invalid_json", async () => {
    const response = await echo(post("{not json"), none);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      code: "invalid_json",
      message: "Request body is not valid JSON",
    });
    expect((await echo(post(""), none)).status).toBe(400);
    expect((await echo(post(new Uint8Array([0x22, 0xff, 0x22])), none)).status).toBe(400);
  });

  it("answers another content type, or none, with 415", async () => {
    const body = JSON.stringify({ name: "a", count: 1 });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/jsonx"]) {
      const response = await echo(post(body, { "content-type": type }), none);
      expect(response.status).toBe(415);
      expect((await errorOf(response)).code).toBe("unsupported_media_type");
    }
    expect((await echo(post(body, {}), none)).status).toBe(415);
  });

  it("answers a body over the limit with 413, counting the bytes rather than trusting Content-Length", async () => {
    const streamed = await echo(post(stream(DEFAULT_BODY_LIMIT + 1)), none);
    expect(streamed.status).toBe(413);
    expect((await errorOf(streamed)).code).toBe("payload_too_large");

    const declared = await echo(
      post("{}", { "content-type": "application/json", "content-length": String(DEFAULT_BODY_LIMIT + 1) }),
      none,
    );
    expect(declared.status).toBe(413);

    const small = route.json(Thing, () => new Response(null, { status: 204 }), { limit: 10 });
    expect((await small(post(JSON.stringify({ name: "abcdef", count: 1 })), none)).status).toBe(413);
    // At the limit exactly (spaces are valid JSON around a value) the body is read.
    expect((await echo(post(stream(DEFAULT_BODY_LIMIT - 2)), none)).status).toBe(400);
  });

  it("answers a body that fails the schema with 400 validation_failed and each issue", async () => {
    const response = await echo(post(JSON.stringify({ name: "", count: 1.5, extra: true })), none);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("validation_failed");
    expect(error.details).toEqual([
      { path: "name", message: expect.any(String) },
      { path: "count", message: expect.any(String) },
    ]);
  });
});

describe("route", () => {
  it("maps domain errors to their status and code", async () => {
    const cases = [
      [new NotFoundError("No such thing"), 404, "not_found"],
      [new ConflictError("handle_taken", "That handle is taken"), 409, "handle_taken"],
      [new ValidationError("bad", [{ path: "x", message: "bad" }]), 400, "validation_failed"],
    ] as const;
    for (const [error, status, code] of cases) {
      const response = await route(() => {
        throw error;
      })(new Request(URL), none);
      expect(response.status).toBe(status);
      const body = await errorOf(response);
      expect(body.code).toBe(code);
      expect(body.message).toBe(error.message);
    }
  });

  it("tells a rate-limited caller when to retry", async () => {
    const response = await route(() => {
      throw new RateLimitedError(30);
    })(new Request(URL), none);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
  });

  it("answers any other error with a bare 500 and logs it with the correlation id", async () => {
    // Powertools writes errors to stderr, as console.error does.
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const response = await route(() => {
      throw new Error("secret detail of table t-123");
    })(new Request(URL, { headers: { "x-request-id": "req-500" } }), none);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: "Internal error" } });
    expect(text).not.toMatch(/secret|stack|at /);

    const log = JSON.parse(String(write.mock.calls.find(([line]) => String(line).includes("req-500"))?.[0]));
    expect(log).toMatchObject({ level: "ERROR", correlation_id: "req-500" });
    expect(log.error.message).toBe("secret detail of table t-123");
  });

  it("counts a failure after the client went away as 499, logged as info, not as our 500", async () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const errors = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const level = logger.getLevelName();
    logger.setLogLevel("INFO"); // tests log from WARN up
    onTestFinished(() => logger.setLogLevel(level));
    const client = new AbortController();
    const request = new Request(URL, { headers: { "x-request-id": "req-gone" }, signal: client.signal });
    const response = await route(() => {
      client.abort(); // as Next does when the socket closes while the body is read
      throw new TypeError("terminated");
    })(request, none);
    expect(response.status).toBe(499);
    expect((await errorOf(response)).code).toBe("client_closed_request");
    expect(errors.mock.calls.some(([line]) => String(line).includes("req-gone"))).toBe(false);
    const log = JSON.parse(String(write.mock.calls.find(([line]) => String(line).includes("req-gone"))?.[0]));
    expect(log).toMatchObject({ level: "INFO", message: "client went away", correlation_id: "req-gone" });
  });

  it("still answers a domain error after the client went away with its own status", async () => {
    const client = new AbortController();
    const response = await route(() => {
      client.abort();
      throw new NotFoundError("No such thing");
    })(new Request(URL, { signal: client.signal }), none);
    expect(response.status).toBe(404);
  });

  it("echoes the caller's x-request-id, else the X-Ray trace root, else a new id", async () => {
    const ok = route(() => new Response("ok"));
    const given = await ok(new Request(URL, { headers: { "x-request-id": "abc-123" } }), none);
    expect(given.headers.get("x-request-id")).toBe("abc-123");

    const traced = await ok(
      new Request(URL, {
        headers: { "x-amzn-trace-id": "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1" },
      }),
      none,
    );
    expect(traced.headers.get("x-request-id")).toBe("1-5759e988-bd862e3fe1be46a994272793");

    const fresh = await ok(new Request(URL), none);
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    // A header that could forge log lines is not echoed.
    expect(correlationIdOf(new Headers({ "x-request-id": "a\tb" }))).not.toBe("a\tb");
    expect(correlationIdOf(new Headers({ "x-request-id": "x".repeat(200) }))).toHaveLength(36);
  });

  it("sets the id on error responses too, and on responses with immutable headers", async () => {
    const failing = await route(() => {
      throw new NotFoundError();
    })(new Request(URL, { headers: { "x-request-id": "r1" } }), none);
    expect(failing.headers.get("x-request-id")).toBe("r1");

    const immutable = Response.redirect("http://localhost/elsewhere", 302);
    const redirected = await route(() => immutable)(
      new Request(URL, { headers: { "x-request-id": "r2" } }),
      none,
    );
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("x-request-id")).toBe("r2");
  });

  it("runs when Next passes no params (a route without dynamic segments)", async () => {
    const handler = route(async (_req, { params }) => Response.json(await params));
    const response = await handler(new Request(URL), { params: undefined } as never);
    expect(await response.json()).toEqual({});
  });

  it("counts requests by route pattern, not by raw URL", async () => {
    const handler = route(() => new Response(null, { status: 204 }));
    const key =
      'bourse_http_requests_total{method="GET",part="social",route="/api/posts/[id]",server="web",status="204"}';
    await Metrics.Series.flush();
    const before = (await Metrics.Series.cumulative()).get(key) ?? 0;
    await handler(new Request("http://localhost/api/posts/p-1"), { params: Promise.resolve({ id: "p-1" }) });
    await handler(new Request("http://localhost/api/posts/p-2"), { params: Promise.resolve({ id: "p-2" }) });
    await Metrics.Series.flush();
    const after = await Metrics.Series.cumulative();
    expect((after.get(key) ?? 0) - before).toBeGreaterThanOrEqual(2);
    expect([...after.keys()].some((k) => k.includes("p-1") || k.includes("p-2"))).toBe(false);
  });
});

describe("tracing", () => {
  /** Tracing as on AWS (Powertools is off outside Lambda): the calls the route makes on the X-Ray segment. */
  function traceAsOnLambda() {
    const made: { name: string; errors: unknown[]; closed: boolean }[] = [];
    const annotations: Record<string, unknown> = {};
    const segment = {
      addNewSubsegment(name: string) {
        const sub = { name, errors: [] as unknown[], closed: false };
        made.push(sub);
        return {
          addError: (error: unknown) => void sub.errors.push(error),
          close: () => {
            sub.closed = true;
          },
        };
      },
    };
    vi.spyOn(tracer, "isTracingEnabled").mockReturnValue(true);
    vi.spyOn(tracer, "getSegment").mockReturnValue(segment as never);
    vi.spyOn(tracer, "setSegment").mockImplementation(() => undefined);
    vi.spyOn(tracer, "annotateColdStart").mockImplementation(() => undefined);
    vi.spyOn(tracer, "putAnnotation").mockImplementation((key, value) => {
      annotations[key] = value;
    });
    return { made, annotations };
  }

  it("traces each request as a subsegment named by its route, with its correlation id", async () => {
    const { made, annotations } = traceAsOnLambda();
    const handler = route(() => new Response(null, { status: 204 }));
    const response = await handler(new Request("http://localhost/api/posts/p-1"), {
      params: Promise.resolve({ id: "p-1" }),
    });
    expect(made).toEqual([{ name: "## GET /api/posts/[id]", errors: [], closed: true }]);
    expect(annotations.correlationId).toBe(response.headers.get("x-request-id"));
  });

  it("records a failure on the request's subsegment, and still answers JSON", async () => {
    const { made } = traceAsOnLambda();
    const handler = route(() => {
      throw new NotFoundError("No such thing");
    });
    const response = await handler(new Request(URL), none);
    expect(response.status).toBe(404);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ name: "## GET /api/things", closed: true });
    expect(made[0]?.errors).toHaveLength(1);
  });
});

describe("route.methods", () => {
  it("answers 405 in JSON with the allowed methods", async () => {
    const served = route(() => new Response(null, { status: 204 }));
    const { DELETE } = route.methods({ GET: served, POST: served });
    const response = await DELETE(new Request(URL, { method: "DELETE" }), none);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
    expect((await errorOf(response)).code).toBe("method_not_allowed");
  });
});

describe("patternOf", () => {
  it("puts parameter names in place of their values", () => {
    expect(patternOf("/api/health", {})).toBe("/api/health");
    expect(patternOf("/api/users/u1/posts/p1", { user: "u1", post: "p1" })).toBe(
      "/api/users/[user]/posts/[post]",
    );
    expect(patternOf("/api/a/b/c", { path: ["a", "b", "c"] })).toBe("/api/[...path]");
    expect(patternOf("/api/files/a%20b", { name: "a b" })).toBe("/api/files/[name]");
  });

  it("keeps labels few whatever the encoding: a needlessly escaped or malformed value is still the param", () => {
    expect(patternOf("/api/posts/%41%42", { id: "AB" })).toBe("/api/posts/[id]");
    expect(patternOf("/api/posts/%E0%A4%A", { id: "%E0%A4%A" })).toBe("/api/posts/[id]");
  });
});
