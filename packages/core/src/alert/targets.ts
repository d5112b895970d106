/** The `alertTarget` items of a rule: one per symbol it watches, so the evaluator finds it by symbol. */
import { action } from "../dynamo/transaction";
import { alertTargets } from "./entities";

interface Rule {
  ownerID: string;
  ruleID: string;
}

export const targetWrites = (rule: Rule, symbols: string[], by: "put" | "delete") =>
  symbols.map((symbol) => {
    const key = { symbol, ruleID: rule.ruleID, ownerID: rule.ownerID };
    return action(by === "put" ? alertTargets.put(key) : alertTargets.delete(key));
  });

/** The target items' moves from one set of symbols to another. */
export function retarget(rule: Rule, from: string[], to: string[]) {
  return [
    ...targetWrites(
      rule,
      from.filter((s) => !to.includes(s)),
      "delete",
    ),
    ...targetWrites(
      rule,
      to.filter((s) => !from.includes(s)),
      "put",
    ),
  ];
}
