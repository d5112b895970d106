import * as Series from "./series";

/** The product part a web route (`/api/<segment>/…`) belongs to, for per-part request rates. */
const PARTS: Record<string, string> = {
  calc: "calc",
  posts: "social",
  feed: "social",
  users: "social",
  notifications: "social",
  uploads: "social",
  media: "social",
  auth: "identity",
  me: "identity",
  partners: "partners",
  markets: "markets",
  watchlists: "markets",
  news: "markets",
  "price-data": "price-data",
  orders: "partners",
};

export function partOf(route: string): string {
  const segment = /^\/api\/([^/]+)/.exec(route)?.[1];
  return (segment && PARTS[segment]) ?? "operations";
}

export interface HttpObservation {
  /** `web`, or the URL function's topology name. */
  server: string;
  part: string;
  method: string;
  route: string;
  status: number;
  /** The error code of a 4xx/5xx answer. */
  code?: string;
  seconds: number;
}

/** One answered request into the deployment-wide series (see series.ts). */
export function observeHttp(o: HttpObservation) {
  const labels = { server: o.server, part: o.part, route: o.route };
  Series.count("bourse_http_requests_total", { ...labels, method: o.method, status: String(o.status) });
  if (o.status >= 400)
    Series.count("bourse_http_errors_total", { ...labels, code: o.code ?? `http_${o.status}` });
  Series.observe("bourse_http_request_duration_seconds", labels, o.seconds);
}
