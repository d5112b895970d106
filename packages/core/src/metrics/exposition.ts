import { CATALOG } from "./catalog";

/** The family of a series key: its name, without the histogram suffixes. */
export function familyOf(key: string): string {
  const name = key.split("{", 1)[0] ?? key;
  const base = name.replace(/_(bucket|sum|count)$/, "");
  return base !== name && base in CATALOG ? base : name;
}

/**
 * Prometheus text format 0.0.4 of cumulative series: one HELP and TYPE per family, series sorted, buckets
 * in their `le` order. Names outside the catalog are exported as untyped.
 */
export function render(series: Map<string, number>): string {
  const families = new Map<string, [string, number][]>();
  for (const entry of series) {
    const family = familyOf(entry[0]);
    families.set(family, [...(families.get(family) ?? []), entry]);
  }
  const lines: string[] = [];
  for (const [family, entries] of [...families].sort(([a], [b]) => compare(a, b))) {
    const known = CATALOG[family as keyof typeof CATALOG];
    lines.push(`# HELP ${family} ${known?.help ?? "(not described)"}`);
    lines.push(`# TYPE ${family} ${known?.type ?? "untyped"}`);
    entries.sort(([a], [b]) => compare(order(a), order(b)));
    for (const [key, value] of entries)
      lines.push(`${key} ${Number.isInteger(value) ? value : value.toFixed(6)}`);
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** Sorts `le` numerically (and +Inf last) within a series' buckets, the rest by text. */
function order(key: string): string {
  return key.replace(
    /le="([^"]+)"/,
    (_, le) => `le="${le === "+Inf" ? "~" : Number(le).toFixed(6).padStart(20, "0")}"`,
  );
}

/** Code-point order: locale collation would put `~` (+Inf) before digits. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
