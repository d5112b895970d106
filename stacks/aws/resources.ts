/** The linkable resources every function picks its links from. */
export interface Resources {
  table: sst.aws.Dynamo;
  media: sst.aws.Bucket;
  data: sst.aws.Bucket;
  email: sst.aws.Email;
  jwtSigningKey: sst.Secret;
  metricsScrapeToken: sst.Secret;
  tiingoApiKey: sst.Secret;
  finnhubApiKey: sst.Secret;
  sendGridApiKey: sst.Secret;
  /** The WebSocket API (realtime.ts): the web app links it for its URL, the pushers for its endpoint. */
  realtime: sst.aws.ApiGatewayWebSocket;
}

export type ResourceKey = keyof Resources;

export function pick(resources: Resources, keys: readonly ResourceKey[]) {
  return keys.map((key) => resources[key]);
}
