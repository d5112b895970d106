import { createDocument } from "zod-openapi";
import * as alerts from "./api/alerts";
import * as calc from "./api/calc";
import * as feed from "./api/feed";
import * as identity from "./api/identity";
import * as markets from "./api/markets";
import * as operations from "./api/operations";
import * as orders from "./api/orders";
import * as partners from "./api/partners";
import * as priceData from "./api/price-data";
import * as realtime from "./api/realtime";
import * as resilience from "./api/resilience";
import * as sentiment from "./api/sentiment";
import * as social from "./api/social";
import * as traffic from "./api/traffic";
import * as uploads from "./api/uploads";
import { ErrorBody } from "./respond";
import { version } from "./version";

/**
 * The API's contract, merged from one module per domain (server/api/<domain>.ts: its paths, the query
 * schemas its routes validate with, derived from core's, and its named schemas). Bodies and answers are
 * core's own schemas, so the document cannot drift from what the routes accept.
 */
const domains = [
  operations,
  uploads,
  social,
  feed,
  identity,
  partners,
  markets,
  sentiment,
  priceData,
  calc,
  orders,
  resilience,
  alerts,
  traffic,
  realtime,
];

export async function openApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Bourse API",
      version,
      description: [
        "Operations endpoints of Bourse. Every error answers { error: { code, message } }.",
        "API clients send a bearer token; browsers ride on httpOnly cookies, and any route outside /api/auth",
        "answers an expired access cookie with 401 invalid_token: POST /api/auth/refresh, then send it again.",
      ].join(" "),
    },
    paths: Object.assign({}, ...domains.map((domain) => domain.paths)),
    components: {
      schemas: { ...Object.assign({}, ...domains.map((domain) => domain.schemas)), Error: ErrorBody },
    },
  });
}
