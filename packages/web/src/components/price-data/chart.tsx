"use client";

import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  LineSeries,
  type SeriesMarker,
  type Time,
} from "lightweight-charts";
import { useEffect, useRef } from "react";
import type { Series } from "@/client/price-data";

/** A row's datetime as the chart's time: a business day, or (intraday) epoch seconds. */
const timeOf = (datetime: string): Time =>
  (datetime.length === 10
    ? datetime
    : Math.floor(Date.parse(`${datetime.replace(" ", "T")}Z`) / 1000)) as Time;

/**
 * One symbol's candles with volume below them, SMA20 and SMA50 over them, and a marker on each anomaly
 * (TradingView's lightweight-charts, drawn on canvas).
 */
export function PriceChart({ series }: { series: Series }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const chart = createChart(box.current, {
      height: 420,
      autoSize: true,
      layout: { attributionLogo: true },
      rightPriceScale: { scaleMargins: { top: 0.05, bottom: 0.3 } },
    });
    const candles = chart.addSeries(CandlestickSeries, {});
    candles.setData(
      series.candles.map((c) => ({
        time: timeOf(c.time),
        open: c.open,
        high: c.high,
        low: c.low,
        close: c.close,
      })),
    );
    const volume = chart.addSeries(HistogramSeries, {
      priceFormat: { type: "volume" },
      priceScaleId: "volume",
      color: "#9aa9bb",
    });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.75, bottom: 0 } });
    volume.setData(series.candles.map((c) => ({ time: timeOf(c.time), value: c.volume })));
    for (const [points, color] of [
      [series.sma20, "#d97706"],
      [series.sma50, "#2563eb"],
    ] as const) {
      const line = chart.addSeries(LineSeries, {
        color,
        lineWidth: 1,
        priceLineVisible: false,
        lastValueVisible: false,
      });
      line.setData(points.map((p) => ({ time: timeOf(p.time), value: p.value })));
    }
    const markers: SeriesMarker<Time>[] = series.anomalies.map((a) =>
      a.kind === "volume_spike"
        ? { time: timeOf(a.date), position: "belowBar", shape: "circle", color: "#7c3aed", text: "V" }
        : {
            time: timeOf(a.date),
            position: a.value > 0 ? "aboveBar" : "belowBar",
            shape: a.value > 0 ? "arrowUp" : "arrowDown",
            color: a.value > 0 ? "#16a34a" : "#dc2626",
            text: `${(a.value * 100).toFixed(1)}%`,
          },
    );
    createSeriesMarkers(candles, markers);
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [series]);
  return (
    <figure className="price-chart">
      <div
        ref={box}
        data-testid="price-chart"
        role="img"
        aria-label={`${series.symbol}: daily candles with volume, SMA20, SMA50 and anomalies`}
      />
      <figcaption className="small muted">
        Candles and volume; orange SMA20, blue SMA50; arrows mark moves over 5%, V marks volume spikes (over
        1.5× the mean of the 20 days before).
      </figcaption>
    </figure>
  );
}
