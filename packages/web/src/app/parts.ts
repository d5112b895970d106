/** The five parts of the product, as the navigation and the home page list them. */
export const parts = [
  {
    href: "/social",
    name: "Social",
    built: true,
    summary: "Profiles, image posts, follows, likes, comments, notifications and a home feed.",
    plan: [
      "Sign up, then claim an @handle for your profile.",
      "Post images (uploaded straight to storage), follow people, like and comment.",
      "Get notified of what concerns you, and read a home feed of the people you follow.",
    ],
  },
  {
    href: "/markets",
    name: "Markets",
    built: true,
    summary: "Watchlists of tickers, news with sentiment per ticker, and alerts by email.",
    plan: [
      "Keep watchlists of tickers checked against exchange data (a free account: 2 lists of 5 tickers).",
      "Read market news gathered every 5 minutes, each article scored for sentiment per ticker.",
      "Set alert rules and get an email when one fires.",
    ],
  },
  {
    href: "/calc",
    name: "Calc",
    built: true,
    summary: "A public calculation API over many operands, with 30 days of history.",
    plan: [
      "Add, subtract, multiply, divide, raise to a power or take the modulo of many operands at once.",
      "Call it from this page or as a public JSON API.",
      "See your calculations of the last 30 days.",
    ],
  },
  {
    href: "/price-data",
    name: "Price data",
    built: true,
    summary: "Upload OHLCV prices; get validated rows, metrics, anomalies and a report.",
    plan: [
      "Upload price rows (open, high, low, close, volume per symbol and day) as JSON or CSV.",
      "See the rows that passed validation and why others were rejected.",
      "Read per-symbol metrics, anomalies, market aggregates and an AI summary, and get a report by email.",
    ],
  },
  {
    href: "/partners",
    name: "Partners",
    built: true,
    summary: "Brokerage partners push order feeds; each gets a dashboard.",
    plan: [
      "Partners push order events with an API key.",
      "Valid orders get a sequence number per partner; invalid ones go to an error log kept 30 days.",
      "Each partner sees a dashboard of its orders and their metrics.",
    ],
  },
] as const;

export type Part = (typeof parts)[number];

export const operations = [
  { href: "/status", name: "Status" },
  { href: "/outbox", name: "Mail outbox" },
  { href: "/docs", name: "API docs" },
] as const;
