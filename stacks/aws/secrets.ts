import type { secrets } from "../topology";

type SecretName = (typeof secrets)[number];
const jwtSigningKey: SecretName = "JwtSigningKey";
const metricsScrapeToken: SecretName = "MetricsScrapeToken";

/**
 * A value per stage: `sst secret set <Name> <value> --stage <stage>` (CI sets each when missing).
 * JwtSigningKey signs access tokens; MetricsScrapeToken is the bearer Prometheus sends to /api/metrics.
 */
export function createSecrets() {
  return {
    jwtSigningKey: new sst.Secret(jwtSigningKey),
    metricsScrapeToken: new sst.Secret(metricsScrapeToken),
  };
}
