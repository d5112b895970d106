import { PNG } from "pngjs";

/**
 * Small PNGs for the demo posts, drawn here so the repository carries no binary fixtures: a price-chart-like
 * line over a two-colour gradient.
 */
export function chartPng(seed: number, size = 480): Buffer {
  const [from, to] = PALETTES[seed % PALETTES.length] as [RGB, RGB];
  const line = walk(seed, size);
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const at = (y * size + x) * 4;
      const t = (x + y) / (2 * size);
      const price = line[x] ?? 0;
      for (let c = 0; c < 3; c++) {
        const base = from[c]! + (to[c]! - from[c]!) * t;
        png.data[at + c] = Math.abs(y - price) < 3 ? 255 : Math.round(y > price ? base * 0.75 : base);
      }
      png.data[at + 3] = 255;
    }
  return PNG.sync.write(png);
}

type RGB = [number, number, number];
const PALETTES: [RGB, RGB][] = [
  [
    [20, 40, 90],
    [40, 140, 160],
  ],
  [
    [90, 30, 60],
    [220, 120, 80],
  ],
  [
    [20, 70, 40],
    [120, 190, 90],
  ],
  [
    [50, 40, 100],
    [170, 110, 210],
  ],
];

/** A deterministic random walk across the image, like a day of prices. */
function walk(seed: number, size: number): number[] {
  let state = seed * 7919 + 1;
  const random = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  const ys: number[] = [];
  let y = size * (0.3 + random() * 0.4);
  for (let x = 0; x < size; x++) {
    y = Math.min(size * 0.9, Math.max(size * 0.1, y + (random() - 0.5) * 12));
    ys.push(y);
  }
  return ys;
}
