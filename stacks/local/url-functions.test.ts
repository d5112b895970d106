import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { startUrlFunctions, type UrlFunctions } from "./url-functions";

const started: UrlFunctions[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

/** One function whose handler answers `result(event)`; the events it got are kept. */
async function serve(result: (event: APIGatewayProxyEventV2) => unknown) {
  const events: APIGatewayProxyEventV2[] = [];
  const fns = await startUrlFunctions({
    functions: [{ name: "Echo", handler: "unused.handler", path: "/echo" }],
    invoke: async (_fn, event) => {
      events.push(event);
      return result(event);
    },
  });
  started.push(fns);
  return { url: fns.urls.Echo as string, events };
}

describe("local URL functions", () => {
  it("each on a loopback port of its own, with payload format 2.0 events", async () => {
    const { url, events } = await serve(() => ({ statusCode: 204 }));
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/a/b?x=1&x=2&y=%20z`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "a=1; b=2", "X-Custom": "v" },
      body: '{"n":1}',
    });
    expect(response.status).toBe(204);
    const event = events[0];
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "$default",
      rawPath: "/a/b",
      rawQueryString: "x=1&x=2&y=%20z",
      cookies: ["a=1", "b=2"],
      queryStringParameters: { x: "1,2", y: " z" },
      body: '{"n":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: "POST", path: "/a/b" }, stage: "$default" },
    });
    expect(event?.headers["x-custom"]).toBe("v");
    expect(event?.headers.cookie).toBeUndefined();
    expect(typeof event?.requestContext.requestId).toBe("string");
  });

  it("sends binary bodies base64-encoded", async () => {
    const { url, events } = await serve(() => "ok");
    await fetch(url, {
      method: "PUT",
      headers: { "content-type": "application/octet-stream" },
      body: new Uint8Array([0, 255, 1]),
    });
    expect(events[0]).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from([0, 255, 1]).toString("base64"),
    });
  });

  it("maps a structured result: status, headers, cookies, base64 bodies", async () => {
    const { url } = await serve(() => ({
      statusCode: 201,
      headers: { "X-One": "1", "content-type": "text/plain" },
      cookies: ["s=1; Path=/", "t=2; HttpOnly"],
      body: Buffer.from("héllo").toString("base64"),
      isBase64Encoded: true,
    }));
    const response = await fetch(url);
    expect(response.status).toBe(201);
    expect(response.headers.get("x-one")).toBe("1");
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(response.headers.getSetCookie()).toEqual(["s=1; Path=/", "t=2; HttpOnly"]);
    expect(await response.text()).toBe("héllo");
  });

  it("infers a 200 JSON answer from a bare object or string", async () => {
    const object = await serve(() => ({ hello: "world" }));
    const a = await fetch(object.url);
    expect([a.status, a.headers.get("content-type"), await a.text()]).toEqual([
      200,
      "application/json",
      '{"hello":"world"}',
    ]);
    const text = await serve(() => "plain words");
    const b = await fetch(text.url);
    expect([b.status, await b.text()]).toEqual([200, "plain words"]);
  });

  it("answers 502 when the handler throws, as a function URL does", async () => {
    const { url } = await serve(() => {
      throw new Error("boom");
    });
    const response = await fetch(url);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ Message: "Internal Server Error" });
  });
});
