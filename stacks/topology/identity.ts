/** Identity: sessions and accounts (JWTs signed with a per-stage key), rate-limited, bcrypt-hashed. */

/** JwtSigningKey: signs access tokens. */
export const secrets = ["JwtSigningKey"] as const;

/** Rate-limit windows: one write per guarded request, not activity of their own. */
export const operationalEntities = ["rateLimit"] as const;

/** Identity's settings (README, "Settings"): rate limits (packages/core/src/rate-limit) and bcrypt cost. */
export const webEnvironment = [
  "BOURSE_BCRYPT_COST",
  "BOURSE_RATE_LIMITS",
  ...["SIGNUP", "LOGIN", "MAGIC_LINK", "TOKEN"].flatMap((name) =>
    ["", "_IP", "_ACCOUNT"].map((scope) => `BOURSE_RATE_LIMIT_${name}${scope}`),
  ),
] as const;
