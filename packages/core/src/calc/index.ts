export * as Calc from "./index";

import type { EntityItem } from "electrodb";
import { ulid } from "ulid";
import * as z from "zod";
import * as Actor from "../actor";
import { isDomainError } from "../error";
import * as Series from "../metrics/series";
import { type Clock, systemClock } from "../util/clock";
import { encodeCursor } from "../util/cursor";
import { fn } from "../util/fn";
import { Page, paged } from "../util/page";
import { evaluate, Operands, Operation, textOf } from "./arithmetic";
import { calculations } from "./entities";

export { CalcError, EXPONENT_LIMIT, MAX_OPERAND_CHARS, Operand, Operation, PRECISION } from "./arithmetic";

/**
 * Exact decimal calculations (see arithmetic.ts for the rules) and the caller's history of them. Members
 * and guests have a history, kept 30 days; a caller without credentials gets the result, unstored.
 */

export const HISTORY_DAYS = 30;
/**
 * A guest's TTL moves to 30 days after its latest activity, remembered at most once an hour (User.touch).
 * Its history expires that hour earlier, so a guest always outlives what it owns without being kept for
 * good (User.keep) by a public API.
 */
const GUEST_MARGIN_SECONDS = 3600;

export const RunInput = z
  .object({ operation: Operation, operands: Operands.describe("2 to 100 operands, in order") })
  .meta({ example: { operation: "add", operands: ["0.1", 0.2] } });

export const Info = z.object({
  id: z.string().describe("a ULID (also for a caller without credentials, whose calculation is not stored)"),
  operation: Operation,
  operands: z.array(z.string()).describe("the operands as exact decimal strings"),
  result: z.string().describe("a plain decimal string, 34 significant digits at most, rounded half to even"),
  createdAt: z.number().describe("epoch milliseconds"),
});
export type Info = z.infer<typeof Info>;

/** Calculate; a member's or guest's calculation is stored in its history. */
export const run = /* @__PURE__ */ fn(RunInput, async (input, now: Clock = systemClock): Promise<Info> => {
  const started = performance.now();
  let outcome = "ok";
  try {
    return await calculate(input, now);
  } catch (error) {
    outcome = isDomainError(error) ? error.code : "internal";
    throw error;
  } finally {
    const { operation } = input;
    Series.count("bourse_calc_operations_total", { operation, outcome });
    Series.observe("bourse_calc_duration_seconds", { operation }, (performance.now() - started) / 1000);
  }
});

async function calculate({ operation, operands }: z.output<typeof RunInput>, now: Clock): Promise<Info> {
  const result = evaluate(operation, operands);
  const at = now();
  const info: Info = {
    id: ulid(at.getTime()),
    operation,
    operands: operands.map(textOf),
    result,
    createdAt: at.getTime(),
  };
  const actor = Actor.use();
  if (actor.type !== "user" && actor.type !== "anonymous") return info;
  const margin = actor.type === "anonymous" ? GUEST_MARGIN_SECONDS : 0;
  await calculations
    .create({
      ownerID: actor.properties.userID,
      calcID: info.id,
      operation,
      operands: info.operands,
      result,
      createdAt: info.createdAt,
      expiresAt: Math.floor(at.getTime() / 1000) + HISTORY_DAYS * 86_400 - margin,
    })
    .go();
  return info;
}

export const HistoryInput = Page;

/** The caller's calculations, newest first; expired ones (TTL deletes lazily) are left out. */
export const history = /* @__PURE__ */ fn(
  HistoryInput,
  async (page, now: Clock = systemClock): Promise<{ items: Info[]; cursor: string | null }> => {
    const ownerID = Actor.assert("user", "anonymous").properties.userID;
    const nowSeconds = Math.floor(now().getTime() / 1000);
    const result = await paged(page, ({ limit, cursor }) =>
      calculations.query
        .primary({ ownerID })
        .where((a, op) => op.gt(a.expiresAt, nowSeconds))
        .go({ order: "desc", limit, cursor }),
    );
    return { items: result.data.map(toInfo), cursor: encodeCursor(result.cursor) };
  },
);

function toInfo(item: EntityItem<typeof calculations>): Info {
  return {
    id: item.calcID,
    operation: item.operation as Operation,
    operands: item.operands,
    result: item.result,
    createdAt: item.createdAt,
  };
}
