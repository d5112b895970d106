/** How the price-data pages write numbers: percentages with a sign, prices with two decimals. */
export const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "n/a" : `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(2)}%`;
export const price = (x: number | null | undefined) => (x === null || x === undefined ? "n/a" : x.toFixed(2));
export const count = (x: number) => x.toLocaleString("en-US");
export const usd = (x: number) => `$${x.toFixed(6)}`;
