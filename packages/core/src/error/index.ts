/**
 * Domain errors: typed, each with a stable machine `code` (what went wrong, for clients to branch on) and
 * its class (what kind of refusal it is). Nothing here knows HTTP: the adapters map classes to statuses in
 * one place (web: packages/web/src/server/errors.ts); anything else is an internal error and never leaks.
 * A subclass may refine the code (`invalid_token` is an UnauthorizedError): it keeps its class's meaning.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input breaks a rule; `details` lists the issues, each { path, message }. */
export class ValidationError extends DomainError {
  constructor(message: string, details?: unknown, code = "validation_failed") {
    super(code, message, details);
  }
}

/** Nobody known is calling, or the credential presented is not (or no longer) good. */
export class UnauthorizedError extends DomainError {
  constructor(message = "Authentication required", code = "unauthorized") {
    super(code, message);
  }
}

/** The caller is known but may not do this. */
export class ForbiddenError extends DomainError {
  constructor(message = "Not allowed", code = "forbidden") {
    super(code, message);
  }
}

/** Anonymous visitors may read but not post, follow, like or comment. */
export class AccountRequiredError extends ForbiddenError {
  constructor() {
    super("Create an account to do this", "account_required");
  }
}

export class NotFoundError extends DomainError {
  constructor(message = "Not found", code = "not_found") {
    super(code, message);
  }
}

/** The state changed or is taken (a handle, an upload already used): the code says which. */
export class ConflictError extends DomainError {}

export class PayloadTooLargeError extends DomainError {
  constructor(message = "Request body too large") {
    super("payload_too_large", message);
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", "Too many requests");
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
