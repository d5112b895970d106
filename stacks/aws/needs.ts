import type { buckets, crons, subscribers, urlFunctions, webSocket } from "../topology";
import type { ResourceKey } from "./resources";

type NotificationName = (typeof buckets)[keyof typeof buckets] extends infer B
  ? B extends { notifications: readonly { name: infer N }[] }
    ? N
    : never
  : never;

type FunctionName =
  | (typeof subscribers)[number]["name"]
  | (typeof crons)[number]["name"]
  | (typeof urlFunctions)[number]["name"]
  | (typeof webSocket.routes)[number]["name"]
  | NotificationName;

/**
 * What each function of the topology links (and so may reach, by IAM and `Resource.X`). Keyed by
 * topology name, so a new handler in the topology fails the type check until it is listed here.
 * Every one links the table: `@bourse/core/dynamo` reads `Resource.Table` as it loads.
 */
export const needs = {
  Mailer: ["table", "email", "sendGridApiKey"],
  MailRetry: ["table", "email", "sendGridApiKey"],
  ActivityMeter: ["table"],
  SocialCounters: ["table"],
  Notifier: ["table"],
  PostCleanup: ["table", "media"],
  FeedFanout: ["table"],
  FeedGraph: ["table"],
  UploadSweeper: ["table", "media"],
  MetricsSnapshot: ["table"],
  HealthApi: ["table", "media", "data"],
  CalcApi: ["table", "jwtSigningKey"],
  DataInput: ["table", "data"],
  PriceAnalyzer: ["table", "data"],
  PriceReport: ["table", "data"],
  News: ["table", "tiingoApiKey", "finnhubApiKey"],
  SentimentScorer: ["table"],
  OrderMetrics: ["table"],
  OrderAlarms: ["table"],
  AlertEvaluator: ["table"],
  // Real-time push: they post through the WebSocket API's management endpoint; $connect verifies tokens.
  RealtimePush: ["table", "realtime"],
  WsConnect: ["table", "jwtSigningKey"],
  WsDisconnect: ["table"],
  WsSubscribe: ["table", "realtime"],
  WsPing: ["realtime"],
} as const satisfies Record<FunctionName, readonly ResourceKey[]>;
