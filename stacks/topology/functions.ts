/** Functions that no stream drives: crons and public URL functions. */

export interface Cron {
  name: string;
  handler: string;
  /** An AWS schedule expression: `rate(...)` or `cron(...)` with six fields. */
  schedule: string;
  /** Environment variables handed on to the function when the deploying (or local) shell sets them. */
  environment?: readonly string[];
}

export interface UrlFunction {
  name: string;
  handler: string;
  /** Where the Router mounts it on AWS (the path reaches the handler unchanged); locally it has a port. */
  path: string;
}
