"use client";

import { type FormEvent, useRef, useState } from "react";
import { ApiError } from "@/client/api";
import { useMe } from "@/client/auth";
import { type Operation, useCalcHistory, useCalculate } from "@/client/calc";
import { Issues, issuesOf } from "@/components/issues";
import { PagedList } from "@/components/paged-list";

const OPERATIONS: { value: Operation; label: string; symbol: string }[] = [
  { value: "add", label: "Add", symbol: "+" },
  { value: "subtract", label: "Subtract", symbol: "−" },
  { value: "multiply", label: "Multiply", symbol: "×" },
  { value: "divide", label: "Divide", symbol: "÷" },
  { value: "power", label: "Power", symbol: "^" },
  { value: "modulo", label: "Modulo", symbol: "mod" },
];
const MIN = 2;
const MAX = 100;

const symbolOf = (operation: string) => OPERATIONS.find((o) => o.value === operation)?.symbol ?? operation;

/** Choose an operation, edit the operands (Enter calculates, buttons add and remove), see the answer. */
export function Calculator() {
  useMe(); // a first visit becomes a guest, so calculations are kept in its history
  const [operation, setOperation] = useState<Operation>("add");
  const [operands, setOperands] = useState<{ key: number; value: string }[]>([
    { key: 0, value: "0.1" },
    { key: 1, value: "0.2" },
  ]);
  const next = useRef(2);
  const inputs = useRef(new Map<number, HTMLInputElement>());
  const calculate = useCalculate();

  const focus = (key: number | undefined) =>
    requestAnimationFrame(() => key !== undefined && inputs.current.get(key)?.focus());
  const add = () => {
    if (operands.length >= MAX) return;
    const key = next.current++;
    setOperands((list) => [...list, { key, value: "" }]);
    focus(key);
  };
  const remove = (key: number) => {
    const at = operands.findIndex((o) => o.key === key);
    setOperands((list) => list.filter((o) => o.key !== key));
    focus(operands[at + 1]?.key ?? operands[at - 1]?.key);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    calculate.mutate({ operation, operands: operands.map((o) => o.value.trim()) });
  };
  const error = calculate.error;

  return (
    <section className="card" aria-labelledby="calc-title">
      <h2 id="calc-title" className="card-title">
        Calculate
      </h2>
      <form className="form" onSubmit={submit} data-testid="calc-form">
        <fieldset className="calc-operations">
          <legend>Operation</legend>
          {OPERATIONS.map((o) => (
            <label key={o.value} className="calc-operation">
              <input
                type="radio"
                name="operation"
                value={o.value}
                checked={operation === o.value}
                onChange={() => setOperation(o.value)}
              />{" "}
              {o.label} <span className="muted">({o.symbol})</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>
            Operands{" "}
            <span className="muted small">
              applied left to right, {MIN} to {MAX}
            </span>
          </legend>
          <ol className="calc-operands">
            {operands.map((o, i) => (
              <li key={o.key}>
                <input
                  ref={(element) => {
                    if (element) inputs.current.set(o.key, element);
                    else inputs.current.delete(o.key);
                  }}
                  aria-label={`Operand ${i + 1}`}
                  inputMode="decimal"
                  autoComplete="off"
                  value={o.value}
                  onChange={(event) =>
                    setOperands((list) =>
                      list.map((x) => (x.key === o.key ? { ...x, value: event.target.value } : x)),
                    )
                  }
                />
                <button
                  type="button"
                  className="button-secondary"
                  aria-label={`Remove operand ${i + 1}`}
                  disabled={operands.length <= MIN}
                  onClick={() => remove(o.key)}
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
          <button type="button" className="button-secondary" onClick={add} disabled={operands.length >= MAX}>
            Add operand
          </button>
        </fieldset>
        <div className="form-actions">
          <button type="submit" disabled={calculate.isPending}>
            {calculate.isPending ? "Calculating…" : "Calculate"}
          </button>
          <output className="calc-result" data-testid="calc-result" aria-live="polite">
            {calculate.isSuccess && !calculate.isPending && (
              <>
                = <strong className="mono">{calculate.data.result}</strong>
              </>
            )}
          </output>
        </div>
        {error && (
          <div role="alert" className="error" data-testid="calc-error">
            {error instanceof ApiError && <code>{error.code}</code>} {error.message}
            <Issues issues={issuesOf(error)} />
          </div>
        )}
      </form>
    </section>
  );
}

/** The visitor's calculations of the last 30 days, newest first. */
export function History() {
  const history = useCalcHistory();
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title" className="card-title">
        History <span className="muted small">the last 30 days</span>
      </h2>
      <PagedList
        list={history}
        unavailable="History is unavailable"
        empty="No calculation yet."
        more="Older calculations"
      >
        {(items) => (
          <ol className="calc-history" data-testid="calc-history">
            {items.map((c) => (
              <li key={c.id}>
                <span className="mono">
                  {c.operands.join(` ${symbolOf(c.operation)} `)} = <strong>{c.result}</strong>
                </span>{" "}
                <time className="muted small" dateTime={new Date(c.createdAt).toISOString()}>
                  {new Date(c.createdAt).toLocaleString()}
                </time>
              </li>
            ))}
          </ol>
        )}
      </PagedList>
    </section>
  );
}
