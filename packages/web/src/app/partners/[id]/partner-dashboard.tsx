"use client";

import { useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { isRefusal } from "@/app/outbox/admin-only";
import { useDashboard, useLiveOrders, useOrderErrors } from "@/client/orders";
import { Card } from "@/components/card";
import { Field } from "@/components/field";
import { itemsOf, PagedList } from "@/components/paged-list";

const MINUTES = 120;
const time = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "medium" });
const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

/** A partner's live view: alarm, charts, the newest orders (polled) and the error log. */
export function PartnerDashboard({ id }: { id: string }) {
  const board = useDashboard(id, MINUTES);
  if (isRefusal(board.error))
    return <p className="error">This dashboard is for the partner&apos;s operators and administrators.</p>;
  const alarm = board.data?.alarm;
  const rows = (board.data?.minutes ?? []).map((m) => ({
    minute: m.minute.slice(11),
    accepted: m.accepted,
    rejected: m.rejected,
    "failure %": Math.round(m.failureRate * 1000) / 10,
  }));
  const total = rows.reduce((n, r) => n + r.accepted + r.rejected, 0);
  return (
    <>
      <Card id="alarm" title="Failure-rate alarm">
        {alarm ? (
          <p
            data-testid="alarm-state"
            data-state={alarm.state}
            className={alarm.state === "firing" ? "error" : undefined}
          >
            {alarm.state === "firing" ? "Firing" : "OK"}: {percent(alarm.rate)} of {alarm.events} events
            refused over the last 5 minutes (threshold 5 %).
          </p>
        ) : (
          <p className="muted">Loading…</p>
        )}
        {alarm && alarm.episodes.length > 0 && (
          <ul>
            {alarm.episodes.map((e) => (
              <li key={e.id}>
                {time.format(e.startedAt)} – {e.endedAt ? time.format(e.endedAt) : "now"} (started at{" "}
                {percent(e.startRate)})
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card id="charts" title={`The last ${MINUTES / 60} hours, per minute (UTC)`}>
        <p className="muted small" data-testid="chart-total">
          {total} events in the window
        </p>
        <div className="panels" data-testid="order-charts">
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={rows}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="minute" minTickGap={24} />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="accepted" stackId="a" fill="#16a34a" isAnimationActive={false} />
              <Bar dataKey="rejected" stackId="a" fill="#dc2626" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
          <ResponsiveContainer width="100%" height={220}>
            <LineChart data={rows}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="minute" minTickGap={24} />
              <YAxis unit="%" />
              <Tooltip />
              <Legend />
              <Line dataKey="failure %" stroke="#dc2626" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </Card>
      <LiveOrders id={id} />
      <ErrorLog id={id} />
    </>
  );
}

function LiveOrders({ id }: { id: string }) {
  const orders = useLiveOrders(id);
  return (
    <Card id="orders" title="Newest orders (live)">
      {orders.error && !isRefusal(orders.error) && <p className="error">{orders.error.message}</p>}
      {orders.data?.items.length === 0 && <p className="muted">No order yet.</p>}
      <table data-testid="order-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Order</th>
            <th>Symbol</th>
            <th>Side</th>
            <th>Qty</th>
            <th>Type</th>
            <th>Price</th>
            <th>Event time</th>
          </tr>
        </thead>
        <tbody>
          {orders.data?.items.map((o) => (
            <tr key={o.sequence} data-testid="order-row">
              <td>{o.sequence}</td>
              <td>{o.orderId}</td>
              <td>{o.symbol}</td>
              <td>{o.side}</td>
              <td>{o.quantity}</td>
              <td>{o.type}</td>
              <td>{o.price ?? "—"}</td>
              <td>{time.format(Date.parse(o.eventTime))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function ErrorLog({ id }: { id: string }) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const errors = useOrderErrors(id, from, to);
  return (
    <Card id="errors" title="Error log (30 days)">
      <div className="filters">
        <Field
          label="From"
          name="errors-from"
          type="datetime-local"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
        <Field
          label="To"
          name="errors-to"
          type="datetime-local"
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
      </div>
      <PagedList
        list={errors}
        unavailable="The error log is unavailable"
        empty="No refused event."
        more="Older"
      >
        {() => (
          <ul data-testid="error-log">
            {itemsOf(errors).map((e) => (
              <li key={e.id} data-testid="error-row">
                <time dateTime={new Date(e.receivedAt).toISOString()}>{time.format(e.receivedAt)}</time>{" "}
                <strong>{e.orderId ?? "(no orderId)"}</strong> {e.reasons.join(", ")}{" "}
                <code className="small">{e.event.slice(0, 160)}</code>
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </Card>
  );
}
