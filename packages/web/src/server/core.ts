/**
 * Core modules read their SST links (`Resource.X`) as they load, and `next build` loads every route module
 * with no links set. So routes load core on first use, here, never at the top of a route module.
 */
export const core = {
  health: () => import("@bourse/core/health").then((m) => m.Health),
  metrics: () => import("@bourse/core/metrics").then((m) => m.Metrics),
  email: () => import("@bourse/core/email").then((m) => m.Email),
};
