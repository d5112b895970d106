"use client";

import type * as Order from "@bourse/core/order";
import type * as Partner from "@bourse/core/partner";
import { type FormEvent, useEffect, useState } from "react";
import { useMe } from "@/client/auth";
import {
  addOperator,
  createKey,
  putRules,
  removeOperator,
  revokeKey,
  useKeys,
  useOperators,
  usePartnerAction,
  useRules,
} from "@/client/orders";
import { Card } from "@/components/card";
import { Field } from "@/components/field";

const time = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Administrators: the partner's keys (a new key shown once), its rules and its operators. */
export function PartnerAdmin({ id }: { id: string }) {
  const me = useMe();
  if (me.data?.role !== "admin") return null;
  return (
    <div data-testid="partner-admin">
      <Keys id={id} />
      <RulesForm id={id} />
      <Operators id={id} />
    </div>
  );
}

function Keys({ id }: { id: string }) {
  const keys = useKeys(id);
  const create = usePartnerAction(() => createKey(id));
  const revoke = usePartnerAction((keyId: string) => revokeKey(id, keyId));
  const [shown, setShown] = useState<Partner.CreatedKey>();
  return (
    <Card id="keys" title="API keys">
      {shown && (
        <p role="status" className="notice">
          New key, shown this once: <code data-testid="new-key">{shown.key}</code>
        </p>
      )}
      <button
        type="button"
        onClick={() => create.mutate(undefined, { onSuccess: setShown })}
        disabled={create.isPending}
      >
        Create key
      </button>
      {create.error && <p className="error">{create.error.message}</p>}
      <ul>
        {keys.data?.items.map((k) => (
          <li key={k.id} data-testid="key-row">
            <code>bk_{k.prefix}_…</code> created {time.format(k.createdAt)}
            {k.lastUsedAt && <> · last used {time.format(k.lastUsedAt)}</>}
            {k.revokedAt ? (
              <span className="muted"> · revoked {time.format(k.revokedAt)}</span>
            ) : (
              <button type="button" onClick={() => revoke.mutate(k.id)}>
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function RulesForm({ id }: { id: string }) {
  const rules = useRules(id);
  const save = usePartnerAction((r: Order.Rules) => putRules(id, r));
  const [symbols, setSymbols] = useState("");
  const [maxQuantity, setMaxQuantity] = useState("");
  const [maxNotional, setMaxNotional] = useState("");
  const [types, setTypes] = useState<string[]>(["market", "limit", "stop"]);
  const [sides, setSides] = useState<string[]>(["buy", "sell"]);
  useEffect(() => {
    const r = rules.data;
    if (!r) return;
    setSymbols(r.symbols?.join(", ") ?? "");
    setMaxQuantity(r.maxQuantity ? String(r.maxQuantity) : "");
    setMaxNotional(r.maxNotional ?? "");
    setTypes(r.types);
    setSides(r.sides);
  }, [rules.data]);
  const toggle = (set: (f: (v: string[]) => string[]) => void, value: string) =>
    set((v) => (v.includes(value) ? v.filter((x) => x !== value) : [...v, value]));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      symbols: list(symbols).length ? list(symbols) : null,
      maxQuantity: maxQuantity ? Number(maxQuantity) : null,
      maxNotional: maxNotional || null,
      types: types as Order.Rules["types"],
      sides: sides as Order.Rules["sides"],
    });
  };
  return (
    <Card id="rules" title="Rules">
      <form onSubmit={submit} data-testid="rules-form">
        <Field
          label="Allowed symbols"
          name="symbols"
          hint="Comma-separated; empty: any listed symbol"
          value={symbols}
          onChange={(e) => setSymbols(e.target.value)}
        />
        <Field
          label="Maximum quantity"
          name="maxQuantity"
          inputMode="numeric"
          value={maxQuantity}
          onChange={(e) => setMaxQuantity(e.target.value)}
        />
        <Field
          label="Maximum notional"
          name="maxNotional"
          inputMode="decimal"
          value={maxNotional}
          onChange={(e) => setMaxNotional(e.target.value)}
        />
        <fieldset>
          <legend>Order types</legend>
          {["market", "limit", "stop"].map((t) => (
            <label key={t}>
              <input type="checkbox" checked={types.includes(t)} onChange={() => toggle(setTypes, t)} /> {t}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Sides</legend>
          {["buy", "sell"].map((s) => (
            <label key={s}>
              <input type="checkbox" checked={sides.includes(s)} onChange={() => toggle(setSides, s)} /> {s}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={save.isPending}>
          Save rules
        </button>
        {save.isSuccess && <span role="status"> Saved.</span>}
        {save.error && <p className="error">{save.error.message}</p>}
      </form>
    </Card>
  );
}

function Operators({ id }: { id: string }) {
  const operators = useOperators(id);
  const add = usePartnerAction((handle: string) => addOperator(id, handle));
  const remove = usePartnerAction((userId: string) => removeOperator(id, userId));
  const [handle, setHandle] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(handle, { onSuccess: () => setHandle("") });
  };
  return (
    <Card id="operators" title="Operators">
      <ul>
        {operators.data?.items.map((o) => (
          <li key={o.userID} data-testid="operator-row">
            @{o.handle} {o.displayName && <span className="muted">{o.displayName}</span>}
            <button type="button" onClick={() => remove.mutate(o.userID)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <Field
          label="Member's @handle"
          name="operator-handle"
          value={handle}
          onChange={(e) => setHandle(e.target.value)}
          required
        />
        <button type="submit" disabled={add.isPending}>
          Add operator
        </button>
        {add.error && <p className="error">{add.error.message}</p>}
      </form>
    </Card>
  );
}
