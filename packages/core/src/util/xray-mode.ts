/**
 * Loaded before the X-Ray SDK (trace.ts imports it first). As it loads, the SDK installs a process-wide
 * async hook with destroy tracking (cls-hooked) unless AWS_XRAY_MANUAL_MODE is set, and every promise of
 * the process pays for it. Powertools traces only on Lambda (AWS_EXECUTION_ENV set); anywhere else (the
 * local platform, `next start`, tests) the hook would be pure cost, so the SDK starts in manual mode there.
 */
if (!process.env.AWS_EXECUTION_ENV) process.env.AWS_XRAY_MANUAL_MODE ??= "1";
