/**
 * A local AWS Lambda that speaks Invoke's HTTP wire format (`POST /2015-03-31/functions/{name}/invocations`,
 * restJson1) for the functions it is given, so `InvokeCommand` of the AWS SDK works unchanged against
 * AWS_ENDPOINT_URL_LAMBDA. `Event` invocations answer 202 at once and run in the background (`idle()` waits
 * for them); `RequestResponse` answers the handler's result, or its error as Lambda does (200 with
 * X-Amz-Function-Error); `DryRun` answers 204. An unknown function is 404 ResourceNotFoundException.
 */
import { randomUUID } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./ses";

export interface LambdaLocalOptions {
  port?: number;
  region: string;
  accountId: string;
  /** Function name → how to run it with an event. */
  functions: Record<string, (event: unknown) => Promise<unknown>>;
  log?(msg: string, data?: object): void;
}

export interface LambdaLocal {
  endpoint: string;
  /** Resolves once every Event invocation received so far has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startLambdaLocal(options: LambdaLocalOptions): Promise<LambdaLocal> {
  const running = new Set<Promise<unknown>>();
  const arnOf = (name: string) => `arn:aws:lambda:${options.region}:${options.accountId}:function:${name}`;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = INVOKE.exec(url.pathname);
    if (req.method !== "POST" || !match)
      return fail(res, 404, "UnknownOperationException", `No operation for ${req.method} ${url.pathname}`);
    // The SDK sends a name, a partial ARN (account:function:name) or a full ARN.
    const name =
      decodeURIComponent(match[1] ?? "")
        .split(":function:")
        .at(-1)
        ?.split(":")[0] ?? "";
    const run = Object.hasOwn(options.functions, name) ? options.functions[name] : undefined;
    if (!run) return fail(res, 404, "ResourceNotFoundException", `Function not found: ${arnOf(name)}`);
    const body = await readBody(req);
    let event: unknown;
    try {
      event = body.length ? JSON.parse(body) : {};
    } catch {
      return fail(res, 400, "InvalidRequestContentException", "Could not parse request body into json");
    }
    const type = req.headers["x-amz-invocation-type"] ?? "RequestResponse";
    if (type === "DryRun") return answer(res, 204);
    if (type === "Event") {
      const invocation = run(event)
        .catch((error) => options.log?.(`lambda ${name} failed`, { error: String(error) }))
        .finally(() => running.delete(invocation));
      running.add(invocation);
      return answer(res, 202);
    }
    if (type !== "RequestResponse")
      return fail(res, 400, "InvalidParameterValueException", `Invalid InvocationType: ${type}`);
    try {
      const result = await run(event);
      answer(res, 200, JSON.stringify(result ?? null));
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      res.setHeader("X-Amz-Function-Error", "Unhandled");
      answer(res, 200, JSON.stringify({ errorType: e.name, errorMessage: e.message }));
    }
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async idle() {
      while (running.size) await Promise.all(running);
    },
    async stop() {
      await Promise.all(running);
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

function answer(res: ServerResponse, status: number, json?: string) {
  res.statusCode = status;
  res.setHeader("x-amzn-RequestId", randomUUID());
  res.setHeader("X-Amz-Executed-Version", "$LATEST");
  if (json === undefined) return res.end();
  res.setHeader("Content-Type", "application/json");
  res.end(json);
}

function fail(res: ServerResponse, status: number, type: string, message: string) {
  res.statusCode = status;
  res.setHeader("x-amzn-RequestId", randomUUID());
  res.setHeader("x-amzn-ErrorType", type);
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify({ Type: "User", message }));
}
