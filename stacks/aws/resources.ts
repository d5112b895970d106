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
}

export type ResourceKey = keyof Resources;

export function pick(resources: Resources, keys: readonly ResourceKey[]) {
  return keys.map((key) => resources[key]);
}
