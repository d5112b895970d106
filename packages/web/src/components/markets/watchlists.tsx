"use client";

import { useState } from "react";
import { useMe } from "@/client/auth";
import {
  useCreateWatchlist,
  useDeleteWatchlist,
  useUpdateWatchlist,
  useWatchlistHistory,
  useWatchlists,
  type WatchlistEvent,
  type WatchlistInfo,
} from "@/client/markets";
import { Card } from "@/components/card";
import { MAX_TICKERS, WatchlistEditor } from "./watchlist-editor";

export const MAX_LISTS = 2;

/** The caller's watchlists (a guest's too), the limits said up front, and a form for a new one. */
export function Watchlists() {
  const me = useMe();
  const lists = useWatchlists();
  const create = useCreateWatchlist();
  const [formKey, setFormKey] = useState(0);
  const count = lists.data?.length ?? 0;
  const room = count < MAX_LISTS;

  return (
    <>
      <p className="lead" data-testid="watchlist-limits">
        Free accounts keep {MAX_LISTS} lists, {MAX_TICKERS} tickers each. You have {count} of {MAX_LISTS}
        {lists.data ? "" : " (loading)"}.{" "}
        {me.data?.kind === "anonymous" && (
          <span>
            As a guest your lists stay yours when you <a href="/signup">sign up</a>.
          </span>
        )}
      </p>
      {lists.isPending && <p className="muted">Loading…</p>}
      {lists.error && <p className="error">Watchlists are unavailable: {lists.error.message}</p>}
      <div className="watchlists" data-testid="watchlists">
        {lists.data?.map((w) => (
          <WatchlistCard key={w.id} watchlist={w} />
        ))}
      </div>
      {lists.data && (
        <Card id="new-watchlist" title="New watchlist">
          {room ? (
            <WatchlistEditor
              key={formKey}
              id="new-watchlist-form"
              submitLabel="Create watchlist"
              pending={create.isPending}
              error={create.error}
              onSubmit={(input) => create.mutate(input, { onSuccess: () => setFormKey((k) => k + 1) })}
            />
          ) : (
            <p className="muted" data-testid="watchlist-full">
              You have {MAX_LISTS} of {MAX_LISTS} lists: delete one to make another.
            </p>
          )}
        </Card>
      )}
    </>
  );
}

function WatchlistCard({ watchlist }: { watchlist: WatchlistInfo }) {
  const [mode, setMode] = useState<"view" | "edit" | "confirm-delete">("view");
  const [showHistory, setShowHistory] = useState(false);
  const update = useUpdateWatchlist(watchlist.id);
  const remove = useDeleteWatchlist(watchlist.id);
  const cardId = `watchlist-${watchlist.id}`;

  return (
    <Card id={cardId} title={watchlist.name} className="watchlist">
      <div data-testid="watchlist" data-id={watchlist.id}>
        {mode === "edit" ? (
          <WatchlistEditor
            id={`${cardId}-form`}
            initial={{ name: watchlist.name, tickers: watchlist.tickers }}
            submitLabel="Save changes"
            pending={update.isPending}
            error={update.error}
            onSubmit={(input) => update.mutate(input, { onSuccess: () => setMode("view") })}
            onCancel={() => {
              update.reset();
              setMode("view");
            }}
          />
        ) : (
          <>
            <ul className="chips" aria-label={`Tickers of ${watchlist.name}`}>
              {watchlist.tickers.map((symbol) => (
                <li key={symbol} className="chip mono">
                  {symbol}
                </li>
              ))}
            </ul>
            <p className="muted small">
              {watchlist.tickers.length} of {MAX_TICKERS} tickers · updated{" "}
              {new Date(watchlist.updatedAt).toLocaleString()}
            </p>
          </>
        )}
        {mode === "confirm-delete" ? (
          <div className="confirm" role="alertdialog" aria-labelledby={`${cardId}-confirm`}>
            <p id={`${cardId}-confirm`}>
              Delete “{watchlist.name}”? It leaves your lists (its history is kept), freeing a place.
            </p>
            {remove.error && <p className="error">{remove.error.message}</p>}
            <div className="form-actions">
              <button type="button" onClick={() => remove.mutate()} disabled={remove.isPending}>
                {remove.isPending ? "Deleting…" : "Delete"}
              </button>
              {/* biome-ignore lint/a11y/noAutofocus: focus moves to the safe choice of the confirmation */}
              <button type="button" className="button-secondary" autoFocus onClick={() => setMode("view")}>
                Keep it
              </button>
            </div>
          </div>
        ) : (
          mode === "view" && (
            <div className="form-actions">
              <a className="button-link" href={`/markets/${watchlist.id}`}>
                Dashboard
              </a>
              <button type="button" className="button-secondary" onClick={() => setMode("edit")}>
                Edit
              </button>
              <button type="button" className="button-secondary" onClick={() => setMode("confirm-delete")}>
                Delete…
              </button>
              <button
                type="button"
                className="link-button"
                aria-expanded={showHistory}
                aria-controls={`${cardId}-history`}
                onClick={() => setShowHistory((v) => !v)}
              >
                {showHistory ? "Hide history" : "History"}
              </button>
            </div>
          )
        )}
        <div id={`${cardId}-history`} hidden={!showHistory}>
          {showHistory && <History id={watchlist.id} />}
        </div>
      </div>
    </Card>
  );
}

const ACTION_LABELS: Record<WatchlistEvent["action"], string> = {
  create: "Created",
  rename: "Renamed",
  change_tickers: "Tickers changed",
  update: "Renamed, tickers changed",
  delete: "Deleted",
};

const stateOf = (s: WatchlistEvent["before"]) => (s ? `${s.name}: ${s.tickers.join(", ")}` : "–");

function History({ id }: { id: string }) {
  const history = useWatchlistHistory(id, true);
  if (history.isPending) return <p className="muted">Loading…</p>;
  if (history.error) return <p className="error">History is unavailable: {history.error.message}</p>;
  return (
    <div className="table-wrap">
      <table data-testid="watchlist-history">
        <caption className="visually-hidden">Changes, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {[...history.data].reverse().map((e) => (
            <tr key={`${e.at}-${e.action}`}>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{ACTION_LABELS[e.action]}</td>
              <td>{stateOf(e.before)}</td>
              <td>{stateOf(e.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
