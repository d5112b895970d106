"use client";

import type * as Breaker from "@bourse/core/resilience/breaker";
import type * as Chaos from "@bourse/core/resilience/chaos";
import type * as Quota from "@bourse/core/resilience/quota";
import type * as Status from "@bourse/core/resilience/status";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { isRefusal, Refusal } from "@/app/outbox/admin-only";
import { useResilience, useSetChaos } from "@/client/resilience";
import { Card } from "@/components/card";

/** The live resilience view: breakers, chaos switches, quotas, the mail queue, failures, caches. */
export function Resilience() {
  const { data, error, isPending, refreshMs, live } = useResilience(true);
  if (isRefusal(error)) return <Refusal what="Resilience" />;
  return (
    <>
      {isPending && <p className="muted">Loading…</p>}
      {error && <p className="error">The resilience status is unavailable: {error.message}</p>}
      {data && (
        <>
          <Breakers items={data.breakers} />
          <Switches items={data.chaos} />
          <Quotas items={data.quotas} />
          <MailAndFailures data={data} />
          <Caches items={data.caches} />
          <p className="muted small">
            {live ? "Breaker changes pushed; the rest refreshed" : "Refreshed"} every {refreshMs / 1000} s;
            last at {new Date(data.at).toLocaleTimeString()}.
          </p>
        </>
      )}
    </>
  );
}

const NODES: { state: Breaker.State; x: number; label: string }[] = [
  { state: "closed", x: 50, label: "closed" },
  { state: "open", x: 170, label: "open" },
  { state: "half_open", x: 290, label: "half-open" },
];
const FILL: Record<Breaker.State, string> = { closed: "#16a34a", open: "#dc2626", half_open: "#d97706" };

/** A breaker's state machine: the three states, the transitions between them, the current one lit. */
function Machine({ state }: { state: Breaker.State }) {
  return (
    <svg viewBox="0 0 340 90" width="340" height="90" role="img" aria-label={`state ${state}`}>
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" fill="#64748b" />
        </marker>
      </defs>
      {/* closed → open (5 failures), open → half-open (cool-down), half-open → closed / → open */}
      <path d="M80,38 L140,38" stroke="#64748b" markerEnd="url(#arrow)" />
      <path d="M200,38 L260,38" stroke="#64748b" markerEnd="url(#arrow)" />
      <path d="M290,62 Q170,110 50,62" stroke="#64748b" fill="none" markerEnd="url(#arrow)" />
      <path d="M260,50 Q230,62 200,50" stroke="#64748b" fill="none" markerEnd="url(#arrow)" />
      {NODES.map((n) => (
        <g key={n.state}>
          <circle
            cx={n.x}
            cy={40}
            r={28}
            fill={n.state === state ? FILL[n.state] : "#f1f5f9"}
            stroke={FILL[n.state]}
            strokeWidth={2}
          />
          <text
            x={n.x}
            y={44}
            textAnchor="middle"
            fontSize={11}
            fill={n.state === state ? "#fff" : "#0f172a"}
          >
            {n.label}
          </text>
        </g>
      ))}
      <text x={110} y={30} textAnchor="middle" fontSize={9} fill="#64748b">
        5 failures
      </text>
      <text x={230} y={30} textAnchor="middle" fontSize={9} fill="#64748b">
        cool-down
      </text>
    </svg>
  );
}

function Breakers({ items }: { items: Breaker.Info[] }) {
  return (
    <Card id="breakers" title="Circuit breakers">
      <ul className="breakers">
        {items.map((b) => (
          <li key={b.service} data-testid={`breaker-${b.service}`} data-state={b.state}>
            <h3 className="mono">
              {b.service}: <span data-testid={`breaker-state-${b.service}`}>{b.state.replace("_", "-")}</span>
            </h3>
            <Machine state={b.state} />
            <p className="muted small">
              {b.failures} consecutive failure{b.failures === 1 ? "" : "s"}
              {b.changedAt ? `; changed ${new Date(b.changedAt).toLocaleTimeString()}` : ""}
            </p>
            {b.history.length > 0 && (
              <ol className="timeline small" aria-label={`${b.service} transitions`}>
                {b.history.slice(0, 8).map((t) => (
                  <li key={`${t.at}-${t.from}-${t.to}`}>
                    <time>{new Date(t.at).toLocaleTimeString()}</time> {t.from} → {t.to}
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

const MODES: Chaos.Mode[] = ["error", "slow", "rate_limit", "off"];

function Switches({ items }: { items: Chaos.Info[] }) {
  const set = useSetChaos();
  return (
    <Card id="chaos" title="Chaos switches">
      <ul className="chaos">
        {items.map((s) => (
          <li key={s.target} data-testid={`chaos-${s.target}`} data-mode={s.mode}>
            <span className="mono">{s.target}</span>{" "}
            <span role="status">
              {s.mode === "off" ? "off" : `${s.mode}, ${Math.ceil(s.remainingMs / 60_000)} min left`}
            </span>{" "}
            {MODES.map((mode) => (
              <button
                key={mode}
                type="button"
                className={mode === s.mode ? "button" : "button-secondary"}
                data-testid={`chaos-${s.target}-${mode}`}
                disabled={set.isPending}
                onClick={() => set.mutate({ target: s.target, mode })}
              >
                {mode.replace("_", " ")}
              </button>
            ))}
          </li>
        ))}
      </ul>
      {set.error && <p className="error">Could not set it: {set.error.message}</p>}
      <p className="muted small">A switch turns itself off after 10 minutes.</p>
    </Card>
  );
}

function Meter({ label, used, limit }: { label: string; used: number; limit: number }) {
  const share = Math.min(1, used / limit);
  return (
    <div className="meter">
      <span className="small">
        {label}: {used} / {limit}
      </span>
      <div style={{ background: "#e2e8f0", height: 8, borderRadius: 4 }}>
        <div
          style={{
            width: `${share * 100}%`,
            height: 8,
            borderRadius: 4,
            background: share >= 1 ? "#dc2626" : share >= 0.8 ? "#d97706" : "#2563eb",
          }}
        />
      </div>
    </div>
  );
}

function Quotas({ items }: { items: Quota.Info[] }) {
  return (
    <Card id="quotas" title="Provider quotas">
      {items.map((q) => (
        <div key={q.provider} data-testid={`quota-${q.provider}`}>
          <h3 className="mono">{q.provider}</h3>
          <Meter label="this minute" used={q.minute.used} limit={q.minute.limit} />
          <Meter label="today" used={q.day.used} limit={q.day.limit} />
        </div>
      ))}
    </Card>
  );
}

function MailAndFailures({ data }: { data: Status.Info }) {
  return (
    <Card id="queue" title="Mail queue and recent failures">
      <p data-testid="mail-queue">
        {Object.entries(data.mail)
          .map(([status, n]) => `${status}: ${n}`)
          .join(" · ")}{" "}
        <span className="muted small">(of the newest 100 mails)</span>
      </p>
      {data.lastRun && (
        <p className="small">
          Last news run {new Date(data.lastRun.ranAt).toLocaleTimeString()}: {data.lastRun.status},{" "}
          {data.lastRun.stored} stored.
        </p>
      )}
      {data.failures.length === 0 ? (
        <p className="muted small">No failures in the last news run.</p>
      ) : (
        <ul className="small" data-testid="failures">
          {data.failures.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: messages may repeat
            <li key={i}>
              <span className="mono">{f.source}</span> {f.message}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Caches({ items }: { items: Status.Info["caches"] }) {
  const rows = items.map((c) => ({
    name: c.name,
    "hit %": c.hits + c.misses === 0 ? 0 : Math.round((c.hits / (c.hits + c.misses)) * 100),
  }));
  return (
    <Card id="caches" title="Cache hit ratios (this instance)">
      <ResponsiveContainer width="100%" height={180}>
        <BarChart data={rows} margin={{ top: 5, right: 10, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" fontSize={11} />
          <YAxis fontSize={11} width={36} domain={[0, 100]} />
          <Tooltip />
          <Bar dataKey="hit %" fill="#2563eb" />
        </BarChart>
      </ResponsiveContainer>
      <table className="small" data-testid="caches">
        <thead>
          <tr>
            <th>cache</th>
            <th>hits</th>
            <th>misses</th>
            <th>table reads (misses)</th>
            <th>table reads saved</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.name}>
              <td className="mono">{c.name}</td>
              <td>{c.hits}</td>
              <td>{c.misses}</td>
              <td>{c.reads}</td>
              <td>{c.saved}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
