"use client";

import { type KeyboardEvent, useEffect, useId, useState } from "react";
import { type TickerInfo, useTickerSearch } from "@/client/markets";

/**
 * A ticker typeahead on the ARIA combobox pattern (list autocomplete): the input is the combobox, the
 * suggestions a listbox; Down/Up move the active option (announced through aria-activedescendant while
 * focus stays in the input), Enter picks it, Escape closes the list (or clears the text when closed).
 * Backspace in an empty input takes back the last chosen ticker.
 */
export function TickerCombobox({
  label,
  chosen,
  disabled,
  hint,
  onPick,
  onUnpickLast,
}: {
  label: string;
  chosen: string[];
  disabled?: boolean;
  hint?: string;
  onPick: (ticker: TickerInfo) => void;
  onUnpickLast: () => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [typed, setTyped] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // What is asked for follows typing after a short pause, not every keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setTyped(text), 120);
    return () => clearTimeout(timer);
  }, [text]);
  const search = useTickerSearch(typed);
  const fresh = text.trim() && !search.isPlaceholderData ? (search.data ?? []) : [];
  const options = fresh.filter((t) => !chosen.includes(t.symbol));
  const expanded = open && text.trim().length > 0 && typed === text;
  const listbox = `${id}-listbox`;
  const optionId = (i: number) => `${id}-option-${i}`;

  const pick = (ticker: TickerInfo) => {
    onPick(ticker);
    setText("");
    setTyped("");
    setActive(-1);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!expanded) return setOpen(true);
      if (!options.length) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if (event.key === "Enter") {
      // Enter picks; it never submits the form from here.
      event.preventDefault();
      const option = options[active] ?? (options.length === 1 ? options[0] : undefined);
      if (expanded && option) pick(option);
    } else if (event.key === "Escape") {
      if (expanded) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else setText("");
    } else if (event.key === "Backspace" && text === "" && chosen.length) onUnpickLast();
  };

  return (
    <div className="field combobox">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listbox}
        aria-activedescendant={expanded && options[active] ? optionId(active) : undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder="Symbol or company, e.g. AAPL or apple"
        value={text}
        disabled={disabled}
        data-testid="ticker-input"
        onChange={(event) => {
          setText(event.target.value);
          setActive(-1);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      {hint && (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      )}
      <div
        id={listbox}
        role="listbox"
        aria-label={`${label}: suggestions`}
        className="combobox-list"
        hidden={!expanded || options.length === 0}
      >
        {expanded &&
          options.map((ticker, i) => (
            <div
              key={ticker.symbol}
              id={optionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? "combobox-option active" : "combobox-option"}
              data-testid="ticker-option"
              // Before the input's blur: the pick must land while the list is still there.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(ticker);
              }}
            >
              <span className="mono">{ticker.symbol}</span> <span>{ticker.name}</span>{" "}
              <span className="muted small">
                {ticker.exchange}
                {ticker.etf ? " · ETF" : ""}
              </span>
            </div>
          ))}
      </div>
      <p className="muted small combobox-empty" role="status">
        {expanded && options.length === 0
          ? search.isFetching
            ? "Searching…"
            : "No listed ticker matches"
          : ""}
      </p>
    </div>
  );
}
