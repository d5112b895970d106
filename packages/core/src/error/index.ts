/**
 * Domain errors: typed, with a stable machine code and the HTTP status they map to. Handlers map them in
 * one place (web: packages/web/src/server/respond.ts); anything else is an internal error and never leaks.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details?: unknown) {
    super("validation_failed", message, 400, details);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = "Authentication required") {
    super("unauthorized", message, 401);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "Not allowed") {
    super("forbidden", message, 403);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = "Not found") {
    super("not_found", message, 404);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 409);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(message = "Request body too large") {
    super("payload_too_large", message, 413);
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", "Too many requests", 429);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
