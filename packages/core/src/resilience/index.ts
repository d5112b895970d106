/**
 * Resilience: what keeps the product trustworthy when the outside world is not. Circuit breakers per
 * outside service, request quotas per news provider, chaos switches that break a service on purpose;
 * all shared by every instance through the table.
 */
export * as Breaker from "./breaker";
export * as Chaos from "./chaos";
export * as Quota from "./quota";
export * as Status from "./status";
