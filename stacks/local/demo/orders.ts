import * as Actor from "@bourse/core/actor";
import * as Order from "@bourse/core/order";
import * as Partner from "@bourse/core/partner";

/**
 * Two brokerage partners with a key each, rules, an operator (ana operates Northwind), and the last hour
 * of order flow: a few orders a minute with some refusals, pushed through the product's own ingestion at
 * each minute's time (so the charts fill the hour). Southbank's last minutes refuse more than 5 %: its
 * alarm fires and the admins get its mail. Keys are never printed: an admin
 * creates a new one on the partner's page to push more.
 */
const PARTNERS: { name: string; rules: Order.Rules; operator: string | null; symbols: string[] }[] = [
  {
    name: "Northwind Brokerage",
    rules: {
      symbols: null,
      maxQuantity: 5000,
      maxNotional: "1000000",
      types: ["market", "limit"],
      sides: ["buy", "sell"],
    },
    operator: "ana",
    symbols: ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL"],
  },
  {
    name: "Southbank Securities",
    rules: {
      symbols: ["SPY", "QQQ", "TSLA", "META"],
      maxQuantity: 1000,
      maxNotional: null,
      types: ["market", "limit", "stop"],
      sides: ["buy", "sell"],
    },
    operator: null,
    symbols: ["SPY", "QQQ", "TSLA", "META"],
  },
];

const MINUTES = 60;

/** What a minute's flow refuses: a rotating mix of the reasons partners' bugs cause. */
function refused(n: number, symbols: string[]): Record<string, unknown> {
  const kinds = [
    { symbol: "ZZZZQX" },
    { quantity: 999_999 },
    { quantity: -5 },
    { symbol: "IBM" },
    { type: "iceberg" },
    { price: undefined },
  ];
  return { symbol: symbols[0], ...kinds[n % kinds.length] };
}

export async function seedOrders() {
  // The partners in parallel: each one's flow is pushed minute after minute, in order.
  await Promise.all(
    PARTNERS.map(async (spec, p) => {
      const partner = await Actor.system("demo-seed", () => Partner.create({ name: spec.name }));
      const key = await Actor.system("demo-seed", () => Partner.createKey(partner.id));
      await Actor.system("demo-seed", () => Order.setRules({ partnerID: partner.id, rules: spec.rules }));
      const handle = spec.operator;
      if (handle)
        await Actor.system("demo-seed", () => Partner.addOperator({ partnerID: partner.id, handle }));
      const actor = await Partner.authenticate(key.key);
      const start = Date.now() - MINUTES * 60_000;
      for (let m = 0; m < MINUTES; m++) {
        const at = start + m * 60_000 + 5_000;
        // Southbank's last 5 minutes go wrong: a third of its events refused.
        const failing = p === 1 && m >= MINUTES - 5;
        const events = Array.from({ length: 6 + ((m * 7 + p) % 5) }, (_, i) => {
          const n = m * 20 + i;
          const base = {
            orderId: `${p ? "sb" : "nw"}-${String(n).padStart(5, "0")}`,
            symbol: spec.symbols[n % spec.symbols.length],
            side: n % 3 ? "buy" : "sell",
            quantity: 10 + ((n * 37) % 400),
            type: n % 4 ? "limit" : "market",
            price: n % 4 ? (100 + ((n * 13) % 300) + 0.25).toFixed(2) : undefined,
            eventTime: new Date(at - 1500 - i * 200).toISOString(),
          };
          const bad = failing ? i % 3 === 0 : (m * 11 + i) % 23 === 0;
          return bad ? { ...base, ...refused(n, spec.symbols) } : base;
        });
        await Actor.provide(actor, () => Order.ingest(partner.id, { events }, () => new Date(at)));
      }
    }),
  );
}
