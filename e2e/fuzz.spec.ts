import { type APIRequestContext, type APIResponse, expect, test } from "@playwright/test";
import fc from "fast-check";

/**
 * An OpenAPI-driven fuzzer against the production build: every operation of GET /api/openapi.json, with
 * mutated path parameters, query strings, bodies and raw path bytes, signed in as a member. Whatever the
 * input, an /api response is never a 5xx, never HTML, never a stack or a file path, and an error is
 * `{ error: { code, message } }`. Bounded (fixed seed, a few hundred requests) so a failure replays.
 */

interface Operation {
  method: string;
  /** `/api/posts/{id}/comments` */
  path: string;
  query: string[];
  body: boolean;
}

/**
 * Malformed or surprising percent-encoding; the first five got Next's HTML 400 page in the review. (Dot
 * segments are left out: the URL standard resolves them, so `/api/%2e%2e/x` is the page `/x`.)
 */
const RAW = [
  "%zz",
  "%",
  "%ff%fe",
  "%ED%A0%80",
  "%u0000",
  "%00",
  "%c0%af",
  "%E2%82",
  "%%41",
  "a..b",
  "%2F",
  "%5C",
];
const LEAKS = /node_modules|\n\s+at |webpack|turbopack|\/work\/|<html|<!DOCTYPE/i;
const SEED = 9;

let operations: Operation[] = [];

test.beforeAll(async ({ request }) => {
  const doc = await (await request.get("/api/openapi.json")).json();
  operations = Object.entries(doc.paths as Record<string, Record<string, OpenApiOperation>>).flatMap(
    ([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
        .map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
          body: op.requestBody !== undefined,
        })),
  );
  expect(operations.length).toBeGreaterThan(20);
});

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
}

/** Signs the request context in as a fresh member, so the fuzz reaches past the 401s. */
async function signUp(request: APIRequestContext) {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const response = await request.post("/api/auth/signup", {
    data: {
      email: `fuzz-${id}@example.com`,
      password: "fuzz-Pa55phrase-long",
      handle: `fz_${id}`,
      displayName: "Fuzz",
    },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** Sends one request and checks the answer; returns a description of what was sent, for failures. */
async function probe(
  request: APIRequestContext,
  method: string,
  url: string,
  init: { data?: Buffer; headers?: Record<string, string> } = {},
) {
  const response = await request.fetch(url, { method, maxRedirects: 0, failOnStatusCode: false, ...init });
  await expectSafe(
    response,
    `${method} ${url}${init.data === undefined ? "" : ` ${String(init.data).slice(0, 80)}`}`,
  );
}

async function expectSafe(response: APIResponse, sent: string) {
  const status = response.status();
  const type = response.headers()["content-type"] ?? "";
  const text = await response.text();
  expect(status, `${sent} → ${status} ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(type, `${sent} → ${status} ${type}`).not.toMatch(/html/);
  expect(text, `${sent} leaks`).not.toMatch(LEAKS);
  if (status >= 400) {
    expect(type, `${sent} → ${status}`).toMatch(/^application\/json/);
    const body = JSON.parse(text);
    expect(typeof body?.error?.code, `${sent} → ${text.slice(0, 300)}`).toBe("string");
    expect(typeof body?.error?.message, `${sent} → ${text.slice(0, 300)}`).toBe("string");
  }
}

/** A path parameter value: ids, handles, long runs, Unicode, separators. */
const segment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
  fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  fc.constantFrom("0", "-1", "null", "undefined", "[object Object]", "__proto__", "constructor", "me", " "),
  fc.integer({ min: 300, max: 6000 }).map((n) => "x".repeat(n)),
);

/** A query value: what the fuzzer of the review sent, 5,019-character cursors included. */
const queryValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom("-1", "0", "1e309", "NaN", "999999999999", "true", "[]", "{}"),
  fc.integer({ min: 1000, max: 8000 }).map((n) => "A".repeat(n)),
  fc.base64String({ maxLength: 400 }),
);

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .dictionary(
      fc.constantFrom(
        "email",
        "password",
        "handle",
        "displayName",
        "text",
        "caption",
        "imageKey",
        "contentType",
        "size",
        "purpose",
        "name",
        "bio",
        "to",
        "subject",
        "cursor",
        "limit",
        "token",
        "refreshToken",
        "code",
        "ids",
      ),
      fc.oneof(
        fc.string({ maxLength: 50 }),
        fc.integer(),
        fc.constant(null),
        fc.boolean(),
        fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
      ),
    )
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }),
);

const fill = (path: string, value: (name: string) => string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => value(name));

test("malformed percent-encoding in every /api path gets a JSON 400, never Next's HTML page", async ({
  request,
}) => {
  await signUp(request);
  const withParams = operations.filter((op) => op.path.includes("{"));
  expect(withParams.length).toBeGreaterThan(5);
  for (const op of withParams)
    for (const raw of RAW)
      await probe(
        request,
        op.method,
        fill(op.path, () => `a${raw}b`),
      );
  // The review's examples, and malformed bytes where no route is.
  for (const [method, url] of [
    ["GET", "/api/posts/%zz/comments"],
    ["PATCH", "/api/me/%zz"],
    ["GET", "/api/%ff%fe"],
    ["DELETE", "/api/%ED%A0%80/x"],
    ["POST", "/api/%u0000"],
    ["GET", "/api/%"],
  ] as const) {
    const response = await request.fetch(url, { method, maxRedirects: 0, failOnStatusCode: false });
    await expectSafe(response, `${method} ${url}`);
    expect(response.status(), `${method} ${url}`).toBeGreaterThanOrEqual(400);
  }
});

test("fast-check over the OpenAPI operations: never a 5xx, never HTML, errors in the JSON shape", async ({
  request,
}) => {
  test.setTimeout(240_000);
  await signUp(request);
  const operation = fc.constantFrom(...operations);
  const input = fc.record({
    operation,
    params: fc.array(segment, { minLength: 3, maxLength: 3 }),
    raw: fc.option(fc.constantFrom(...RAW), { freq: 4 }),
    query: fc.array(
      fc.tuple(fc.constantFrom("cursor", "limit", "q", "before", "after", "status"), queryValue),
      {
        maxLength: 3,
      },
    ),
    body: fc.option(jsonBody, { freq: 5 }),
    contentType: fc.constantFrom(
      "application/json",
      "application/json",
      "text/plain",
      "application/x-www-form-urlencoded",
    ),
  });
  await fc.assert(
    fc.asyncProperty(input, async ({ operation: op, params, raw, query, body, contentType }) => {
      // Raw bytes go into the first path parameter, or after the path when it has none.
      let i = 0;
      let path = fill(op.path, () =>
        raw !== null && i++ === 0 ? `x${raw}` : encodeURIComponent(params[i++ % params.length]!),
      );
      if (raw !== null && !op.path.includes("{")) path = `${path}/x${raw}`;
      // Declared parameters present, then the fuzzed values (one each, so the URL stays under 8 KB as
      // CloudFront requires).
      const search = new URLSearchParams(op.query.map((name) => [name, "1"]));
      for (const [name, value] of query) search.set(name, value);
      const url = `${path}${search.size ? `?${search}` : ""}`;
      const sendsBody = op.method !== "GET" && op.method !== "DELETE";
      await probe(
        request,
        op.method,
        url,
        sendsBody && body !== null
          ? { data: Buffer.from(body), headers: { "content-type": contentType } }
          : {},
      );
    }),
    { seed: SEED, numRuns: 300, endOnFailure: true },
  );
});
