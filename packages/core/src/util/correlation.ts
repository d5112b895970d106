import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The correlation id of the work in progress (a request's, an invocation's). Items written under it carry
 * it (`correlationId`, see dynamo/client.ts), so the stream handlers they drive log under the same id.
 */
const storage = new AsyncLocalStorage<string>();

export function provide<R>(id: string, run: () => R): R {
  return storage.run(id, run);
}

export function current(): string | undefined {
  return storage.getStore();
}

/** The attribute items carry it in; stream handlers read it from the new image. */
export const ATTRIBUTE = "correlationId";
