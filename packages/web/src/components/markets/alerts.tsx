"use client";

import { type FormEvent, useState } from "react";
import {
  type AlertInfo,
  type AlertInput,
  useAlerts,
  useCreateAlert,
  useDeleteAlert,
  useSetAlertEnabled,
} from "@/client/alerts";
import { useMe } from "@/client/auth";
import { useWatchlists } from "@/client/markets";
import { Card } from "@/components/card";

export const MAX_RULES = 10;

/** What a rule watches and when it fires, in words. */
function describe(rule: AlertInfo, watchlistName: (id: string) => string): string {
  const target =
    rule.target.kind === "ticker"
      ? rule.target.symbol
      : `watchlist ${watchlistName(rule.target.watchlistID)}`;
  const c = rule.condition;
  const when =
    c.kind === "volume"
      ? `more than ${c.perHour} articles in an hour`
      : `sentiment ${c.direction} ${c.threshold} over the last ${c.window}`;
  return `${target}: ${when}`;
}

/** A member's alert rules: the limit said up front, each rule switchable and deletable, a form for a new one. */
export function Alerts() {
  const me = useMe();
  const rules = useAlerts();
  const lists = useWatchlists();
  const setEnabled = useSetAlertEnabled();
  const remove = useDeleteAlert();
  const nameOf = (id: string) => lists.data?.find((w) => w.id === id)?.name ?? "(deleted)";

  if (!me.isPending && me.data?.kind !== "member")
    return (
      <p className="lead" data-testid="alerts-members-only">
        Alert rules are for members: each one mails your account&apos;s address when it fires.{" "}
        <a href="/signup">Sign up</a> (your watchlists come with you) or <a href="/login">sign in</a> to set
        them.
      </p>
    );
  const count = rules.data?.length ?? 0;
  return (
    <>
      <p className="lead" data-testid="alert-limits">
        Up to {MAX_RULES} rules; each mails you once when it fires, then stays quiet for its cooldown. You
        have {count} of {MAX_RULES}
        {rules.data ? "" : " (loading)"}. Every mail has a one-click unsubscribe that switches its rule off.
      </p>
      {rules.error && <p className="error">Alert rules are unavailable: {rules.error.message}</p>}
      <ul className="alert-rules" data-testid="alert-rules">
        {rules.data?.map((rule) => (
          <li key={rule.id} data-testid="alert-rule" data-id={rule.id}>
            <span>{describe(rule, nameOf)}</span>{" "}
            <span className="muted">(cooldown {rule.cooldownMinutes} min)</span>{" "}
            <span data-testid="alert-state">{rule.enabled ? "on" : "off"}</span>
            {rule.lastFiredAt && (
              <span className="muted"> · last fired {new Date(rule.lastFiredAt).toLocaleString()}</span>
            )}{" "}
            <button type="button" onClick={() => setEnabled.mutate({ id: rule.id, enabled: !rule.enabled })}>
              {rule.enabled ? "Switch off" : "Switch on"}
            </button>{" "}
            <button type="button" onClick={() => remove.mutate(rule.id)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {rules.data && (
        <Card id="new-alert" title="New alert rule">
          {count < MAX_RULES ? (
            <AlertForm />
          ) : (
            <p className="muted">You have {MAX_RULES} rules: delete one to make another.</p>
          )}
        </Card>
      )}
    </>
  );
}

function AlertForm() {
  const lists = useWatchlists();
  const create = useCreateAlert();
  const [target, setTarget] = useState("ticker");
  const [symbol, setSymbol] = useState("");
  const [kind, setKind] = useState<"sentiment" | "volume">("sentiment");
  const [direction, setDirection] = useState<"above" | "below">("above");
  const [threshold, setThreshold] = useState("0.3");
  const [window, setWindow] = useState<"hour" | "day">("hour");
  const [perHour, setPerHour] = useState("5");
  const [cooldown, setCooldown] = useState("60");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: AlertInput = {
      target: target === "ticker" ? { kind: "ticker", symbol } : { kind: "watchlist", watchlistID: target },
      condition:
        kind === "volume"
          ? { kind: "volume", perHour: Number(perHour) }
          : { kind: "sentiment", direction, threshold: Number(threshold), window },
      cooldownMinutes: Number(cooldown),
    };
    create.mutate(input, { onSuccess: () => setSymbol("") });
  };

  return (
    <form onSubmit={submit} aria-label="New alert rule">
      <label>
        Watch{" "}
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="ticker">a ticker</option>
          {lists.data?.map((w) => (
            <option key={w.id} value={w.id}>
              watchlist {w.name}
            </option>
          ))}
        </select>
      </label>
      {target === "ticker" && (
        <label>
          Symbol <input value={symbol} onChange={(e) => setSymbol(e.target.value)} required maxLength={12} />
        </label>
      )}
      <label>
        Fire on{" "}
        <select value={kind} onChange={(e) => setKind(e.target.value as "sentiment" | "volume")}>
          <option value="sentiment">sentiment</option>
          <option value="volume">news volume</option>
        </select>
      </label>
      {kind === "sentiment" ? (
        <>
          <select
            aria-label="Direction"
            value={direction}
            onChange={(e) => setDirection(e.target.value as "above")}
          >
            <option value="above">above</option>
            <option value="below">below</option>
          </select>
          <label>
            Threshold (−1 to 1){" "}
            <input
              type="number"
              min={-1}
              max={1}
              step={0.05}
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
            />
          </label>
          <select aria-label="Window" value={window} onChange={(e) => setWindow(e.target.value as "hour")}>
            <option value="hour">over the last hour</option>
            <option value="day">over the last day</option>
          </select>
        </>
      ) : (
        <label>
          More than{" "}
          <input type="number" min={0} value={perHour} onChange={(e) => setPerHour(e.target.value)} />{" "}
          articles an hour
        </label>
      )}
      <label>
        Cooldown (minutes){" "}
        <input
          type="number"
          min={5}
          max={10080}
          value={cooldown}
          onChange={(e) => setCooldown(e.target.value)}
        />
      </label>
      <button type="submit" disabled={create.isPending}>
        Create rule
      </button>
      {create.error && (
        <p className="error" role="alert">
          {create.error.message}
        </p>
      )}
    </form>
  );
}
