"use client";

import { useState } from "react";
import { useCrons, useRunCron } from "@/client/crons";
import { Card } from "@/components/card";

/** Every cron with a "Run now" button (the page shows this to administrators only; core checks anyway). */
export function Crons() {
  const crons = useCrons(true);
  const run = useRunCron();
  const [started, setStarted] = useState<Record<string, number>>({});
  return (
    <Card id="crons" title="Crons">
      {crons.isPending && <p className="muted">Loading…</p>}
      {crons.error && <p className="error">Crons are unavailable: {crons.error.message}</p>}
      {crons.data && (
        <ul className="crons" data-testid="crons">
          {crons.data.map(({ name }) => (
            <li key={name} className="cron">
              <span className="mono">{name}</span>
              <button
                type="button"
                className="button-secondary"
                data-testid={`run-cron-${name}`}
                disabled={run.isPending && run.variables === name}
                onClick={() =>
                  run.mutate(name, {
                    onSuccess: (r) => setStarted((now) => ({ ...now, [name]: r.requestedAt })),
                  })
                }
              >
                Run now
              </button>
              <span className="muted small" role="status">
                {started[name] ? `started ${new Date(started[name]).toLocaleTimeString()}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
      {run.error && <p className="error">Could not start it: {run.error.message}</p>}
      <p className="muted small">
        A run gets the event its schedule would send, at once; it works in the background.
      </p>
    </Card>
  );
}
