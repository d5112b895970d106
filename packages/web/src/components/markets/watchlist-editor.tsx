"use client";

import { type FormEvent, useState } from "react";
import { ApiError } from "@/client/api";
import { fieldErrors } from "@/client/auth";
import type { WatchlistInput } from "@/client/markets";
import { Field } from "@/components/field";
import { TickerCombobox } from "./ticker-combobox";

export const MAX_TICKERS = 5;
export const MAX_NAME = 60;

/** The form that creates or edits a watchlist: a name and 1–5 tickers chosen through the typeahead. */
export function WatchlistEditor({
  id,
  initial = { name: "", tickers: [] },
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  id: string;
  initial?: WatchlistInput;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (input: WatchlistInput) => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(initial.name);
  const [tickers, setTickers] = useState(initial.tickers);
  const full = tickers.length >= MAX_TICKERS;
  const errors = fieldErrors(error);
  const unknown =
    error instanceof ApiError && error.code === "unknown_ticker" ? error.message : errors.tickers;
  const general = error instanceof ApiError && !errors.name && !unknown ? error.message : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ name: name.trim(), tickers });
  };

  return (
    <form className="form watchlist-editor" onSubmit={submit} aria-labelledby={`${id}-legend`} noValidate>
      <p id={`${id}-legend`} className="visually-hidden">
        {submitLabel}
      </p>
      <Field
        label="Name"
        name="name"
        id={`${id}-name`}
        value={name}
        maxLength={MAX_NAME}
        required
        hint={`1–${MAX_NAME} characters (${name.trim().length} used)`}
        error={errors.name}
        onChange={(event) => setName(event.target.value)}
      />
      <TickerCombobox
        label="Add a ticker"
        chosen={tickers}
        disabled={full}
        hint={
          full
            ? `${MAX_TICKERS} of ${MAX_TICKERS} tickers: remove one to add another`
            : `${tickers.length} of ${MAX_TICKERS} tickers chosen`
        }
        onPick={(ticker) => setTickers((now) => (now.length < MAX_TICKERS ? [...now, ticker.symbol] : now))}
        onUnpickLast={() => setTickers((now) => now.slice(0, -1))}
      />
      <ul className="chips" aria-label="Chosen tickers" data-testid="ticker-chips">
        {tickers.map((symbol) => (
          <li key={symbol} className="chip">
            <span className="mono">{symbol}</span>
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove ${symbol}`}
              onClick={() => setTickers((now) => now.filter((s) => s !== symbol))}
            >
              ×
            </button>
          </li>
        ))}
        {tickers.length === 0 && <li className="muted small">No ticker yet: add at least one.</li>}
      </ul>
      {unknown && (
        <p className="field-error" role="alert">
          {unknown}
        </p>
      )}
      {general && (
        <p className="error" role="alert">
          {general}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={pending || !name.trim() || tickers.length === 0}>
          {pending ? "Saving…" : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
