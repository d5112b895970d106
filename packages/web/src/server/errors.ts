import {
  ConflictError,
  DomainError,
  ForbiddenError,
  isDomainError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from "@bourse/core/error";

/**
 * Where a domain error becomes an HTTP status: core's errors say what they mean (class and code), and this
 * table alone says how HTTP spells it. The first class an error is an instance of wins; a domain error of
 * no class here is a 500, like any error core did not mean.
 */

/** The body is not in a type this API reads (JSON). */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(message: string) {
    super("unsupported_media_type", message);
  }
}

/** The deployment lacks configuration a request needs (e.g. BOURSE_PUBLIC_URL to mail a link). */
export class NotConfiguredError extends DomainError {
  constructor(message: string) {
    super("not_configured", message);
  }
}

const STATUS: [abstract new (...args: never[]) => DomainError, number][] = [
  [ValidationError, 400],
  [UnauthorizedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [UnsupportedMediaTypeError, 415],
  [RateLimitedError, 429],
  [NotConfiguredError, 503],
];

export function statusOf(error: DomainError): number {
  return STATUS.find(([kind]) => error instanceof kind)?.[1] ?? 500;
}

/** A refusal of what the client sent (a 4xx), as opposed to an outage (a 5xx, a network error). */
export function isRefusal(error: unknown): error is DomainError {
  return isDomainError(error) && statusOf(error) < 500;
}
