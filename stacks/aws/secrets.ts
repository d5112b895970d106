import type { secrets } from "../topology";

type SecretName = (typeof secrets)[number];
const jwtSigningKey: SecretName = "JwtSigningKey";
const metricsScrapeToken: SecretName = "MetricsScrapeToken";
const tiingoApiKey: SecretName = "TiingoApiKey";
const finnhubApiKey: SecretName = "FinnhubApiKey";
const sendGridApiKey: SecretName = "SendGridApiKey";

/**
 * A value per stage: `sst secret set <Name> <value> --stage <stage>` (CI sets each when missing).
 * JwtSigningKey signs access tokens; MetricsScrapeToken is the bearer Prometheus sends to /api/metrics.
 */
export function createSecrets() {
  return {
    jwtSigningKey: new sst.Secret(jwtSigningKey),
    metricsScrapeToken: new sst.Secret(metricsScrapeToken),
    // The news providers' keys (TiingoApiKey, FinnhubApiKey): the News cron's only.
    tiingoApiKey: new sst.Secret(tiingoApiKey),
    finnhubApiKey: new sst.Secret(finnhubApiKey),
    // The alternative mail provider's key (SendGridApiKey): the Mailer's and MailRetry's only.
    sendGridApiKey: new sst.Secret(sendGridApiKey),
  };
}
