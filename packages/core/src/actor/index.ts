export * as Actor from "./index";

import { AsyncLocalStorage } from "node:async_hooks";
import * as z from "zod";
import { AccountRequiredError, ForbiddenError, UnauthorizedError } from "../error";

/** Who is calling. Every domain call runs inside an actor; core checks rights against it. */
export const Info = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), properties: z.object({ userID: z.string(), sessionID: z.string() }) }),
  z.object({
    type: z.literal("anonymous"),
    properties: z.object({ userID: z.string(), sessionID: z.string() }),
  }),
  z.object({
    type: z.literal("partner"),
    properties: z.object({ partnerID: z.string(), keyID: z.string() }),
  }),
  z.object({ type: z.literal("system"), properties: z.object({ source: z.string() }) }),
  z.object({ type: z.literal("public"), properties: z.object({}) }),
]);
export type Info = z.infer<typeof Info>;
export type Type = Info["type"];

const storage = new AsyncLocalStorage<Info>();

export function provide<R>(actor: Info, run: () => R): R {
  return storage.run(actor, run);
}

export function use(): Info {
  return storage.getStore() ?? { type: "public", properties: {} };
}

/** The actor, which must be of one of the given types. */
export function assert<T extends Type>(...types: T[]): Extract<Info, { type: T }> {
  const actor = use();
  if (types.includes(actor.type as T)) return actor as Extract<Info, { type: T }>;
  if (actor.type === "public") throw new UnauthorizedError();
  throw new ForbiddenError(`This needs a ${types.join(" or ")} actor`);
}

/** The calling member's id; anonymous visitors get `account_required`, others what `assert` says. */
export function member(): string {
  const actor = use();
  if (actor.type === "user") return actor.properties.userID;
  if (actor.type === "anonymous") throw new AccountRequiredError();
  return assert("user").properties.userID;
}

/** The calling member's id when there is one (to say `likedByMe`, `followedByMe`), else undefined. */
export function viewer(): string | undefined {
  const actor = use();
  return actor.type === "user" ? actor.properties.userID : undefined;
}

export function system<R>(source: string, run: () => R): R {
  return provide({ type: "system", properties: { source } }, run);
}
