/** Functions that no stream drives: crons and public URL functions. */

export interface Cron {
  name: string;
  handler: string;
  /** An AWS schedule expression: `rate(...)` or `cron(...)` with six fields. */
  schedule: string;
}

export interface UrlFunction {
  name: string;
  handler: string;
}
