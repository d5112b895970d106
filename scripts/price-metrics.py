#!/usr/bin/env python3
"""An independent computation of the price-data metrics, for the tests to compare with core's (within 1e-9).

Exact arithmetic: prices and volumes are read from their decimal strings as Fractions, returns, means and
variances stay exact (statistics.stdev on Fractions), only square roots and the final figures are floats.
Standard library only. Regenerate the fixture with:

    python3 scripts/price-metrics.py stacks/local/demo/ohlcv > packages/core/src/price-data/testing/metrics.fixture.json
"""
import json
import math
import statistics
import sys
from fractions import Fraction
from pathlib import Path


def metrics(symbol, values):
    rows = sorted(values, key=lambda v: v["datetime"])
    dates = [r["datetime"] for r in rows]
    c = [Fraction(r["close"]) for r in rows]
    v = [Fraction(r["volume"]) for r in rows]
    n = len(c)

    def back(k):
        return float(c[-1] / c[-1 - k] - 1) if n > k else None

    returns = [c[t] / c[t - 1] - 1 for t in range(1, n)]

    def vol(rs):
        # statistics.stdev is exact on Fractions up to the final square root.
        return statistics.stdev(rs) * math.sqrt(252)

    def sma(k):
        return sum(c[-k:]) / k if n >= k else None

    s20, s50 = sma(20), sma(50)
    if n < 50:
        trend = "insufficient_data"
    elif s20 > s50 and c[-1] > s20:
        trend = "up"
    elif s20 < s50 and c[-1] < s20:
        trend = "down"
    else:
        trend = "sideways"

    anomalies = []
    for t in range(n):
        if t >= 20:
            threshold = Fraction(3, 2) * sum(v[t - 20 : t]) / 20
            if v[t] > threshold:
                anomalies.append({"kind": "volume_spike", "date": dates[t], "value": float(v[t]), "threshold": float(threshold)})
        if t >= 1 and abs(returns[t - 1]) > Fraction(5, 100):
            anomalies.append({"kind": "big_move", "date": dates[t], "value": float(returns[t - 1]), "threshold": 0.05})

    return {
        "symbol": symbol,
        "rows": n,
        "from": dates[0],
        "to": dates[-1],
        "close": float(c[-1]),
        "change1d": back(1),
        "change1w": back(5),
        "change1m": back(21),
        "momentum": back(10),
        "volatility20": vol(returns[-20:]) if len(returns) >= 20 else None,
        "volatilityAll": vol(returns) if len(returns) >= 2 else None,
        "sma20": float(s20) if s20 is not None else None,
        "sma50": float(s50) if s50 is not None else None,
        "trend": trend,
        "anomalies": anomalies,
        "_change1w_exact": c[-1] / c[-6] - 1 if n > 5 else None,
    }


def aggregates(ms):
    movers = [(m["symbol"], m["_change1w_exact"]) for m in ms if m["_change1w_exact"] is not None]
    mean1w = sum(x for _, x in movers) / len(movers) if movers else None
    ranked = sorted(movers, key=lambda m: (-m[1], m[0]))
    vols = [m["volatility20"] for m in ms if m["volatility20"] is not None]
    turbulence = math.fsum(vols) / len(vols) if vols else None
    spikes = sum(1 for m in ms for a in m["anomalies"] if a["kind"] == "volume_spike")
    total = sum(len(m["anomalies"]) for m in ms)
    level = None
    if turbulence is not None:
        level = "low" if turbulence < 0.2 else "medium" if turbulence <= 0.4 else "high"
    return {
        "symbols": len(ms),
        "meanChange1w": float(mean1w) if mean1w is not None else None,
        "sentiment": "neutral" if mean1w is None else "bullish" if mean1w > Fraction(1, 100) else "bearish" if mean1w < Fraction(-1, 100) else "neutral",
        "topGainers": [{"symbol": s, "change1w": float(x)} for s, x in ranked[:3]],
        "topLosers": [{"symbol": s, "change1w": float(x)} for s, x in list(reversed(ranked))[:3]],
        "turbulence": turbulence,
        "turbulenceLevel": level,
        "anomalies": {"volumeSpikes": spikes, "bigMoves": total - spikes, "total": total},
    }


def main(folder):
    ms = []
    for path in sorted(Path(folder).glob("*.json")):
        document = json.loads(path.read_text())
        ms.append(metrics(document["meta"]["symbol"], document["values"]))
    ms.sort(key=lambda m: m["symbol"])
    out = {"symbols": [{k: v for k, v in m.items() if not k.startswith("_")} for m in ms], "aggregates": aggregates(ms)}
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "stacks/local/demo/ohlcv")
