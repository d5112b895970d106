"use client";

import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { TickerSentiment } from "@/client/sentiment";

const WEEK = 7 * 86_400_000;
const day = (ms: number) => new Date(ms).toLocaleDateString([], { weekday: "short", day: "numeric" });
const hour = (ms: number) =>
  new Date(ms).toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" });

/** Hourly mean sentiment over the last week, −1 to +1, one point per hour that had news. */
export function SentimentChart({ symbol, series }: { symbol: string; series: TickerSentiment["series"] }) {
  const end = Date.now();
  return (
    <figure className="sentiment-chart" data-testid="sentiment-chart">
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={series} margin={{ top: 8, right: 12, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="hour"
            type="number"
            scale="time"
            domain={[end - WEEK, end]}
            tickFormatter={day}
            stroke="var(--muted)"
          />
          <YAxis domain={[-1, 1]} ticks={[-1, -0.5, 0, 0.5, 1]} stroke="var(--muted)" />
          <ReferenceLine y={0} stroke="var(--muted)" />
          <Tooltip
            labelFormatter={(v) => hour(Number(v))}
            formatter={(value, _name, item) => [
              `${Number(value).toFixed(2)} (${(item.payload as { articles: number }).articles} articles)`,
              "sentiment",
            ]}
          />
          <Line
            type="monotone"
            dataKey="score"
            stroke="var(--accent)"
            dot={{ r: 2 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="muted small">Hourly sentiment of {symbol} news over the last 7 days</figcaption>
    </figure>
  );
}
