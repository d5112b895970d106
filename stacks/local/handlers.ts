/**
 * Runs the topology's handlers in this process, as Lambda would: `packages/x/file.handler` names the
 * export `handler` of `<repo>/packages/x/file.ts`, called with an event and a Lambda `Context`.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import { ACCOUNT_ID, REGION } from "./env";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** SST's default function timeout. */
const DEFAULT_TIMEOUT_MS = 20_000;

type Handler = (event: unknown, context: Context) => unknown;

/** Loaded handlers by path: Lambda loads a handler once per instance, not once per invocation. */
const loaded = new Map<string, Promise<Handler>>();

export function loadHandler(path: string): Promise<Handler> {
  let handler = loaded.get(path);
  if (!handler) {
    handler = importHandler(path);
    loaded.set(path, handler);
    // A module that failed to load is tried again by the next invocation (it may have been fixed).
    handler.catch(() => loaded.delete(path));
  }
  return handler;
}

async function importHandler(path: string): Promise<Handler> {
  const dot = path.lastIndexOf(".");
  const file = `${path.slice(0, dot)}.ts`;
  const name = path.slice(dot + 1);
  const module = await import(pathToFileURL(REPO_ROOT + file).href);
  if (typeof module[name] !== "function") throw new Error(`${file} exports no function "${name}"`);
  return module[name];
}

export interface Invocation {
  /** Shown to the handler as `context.functionName`. */
  functionName: string;
  timeoutMs?: number;
}

/** Invokes the handler at `path`; rejects like Lambda when it throws or runs past its timeout. */
export async function invokeHandler<R = unknown>(
  path: string,
  event: unknown,
  invocation: Invocation,
): Promise<R> {
  const handler = await loadHandler(path);
  const timeoutMs = invocation.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const context = lambdaContext(invocation.functionName, Date.now() + timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`${context.awsRequestId} Task timed out after ${timeoutMs / 1000} seconds`)),
      timeoutMs,
    );
  });
  try {
    return (await Promise.race([handler(event, context), timedOut])) as R;
  } finally {
    clearTimeout(timer);
  }
}

function lambdaContext(functionName: string, deadline: number): Context {
  const day = new Date().toISOString().slice(0, 10).replaceAll("-", "/");
  const unsupported = () => {
    throw new Error("callback-style handlers are not supported; return a promise");
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString("hex")}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
