import { UnauthorizedError } from "../error";

/**
 * A 401 with a precise machine code (invalid_token, invalid_credentials, refresh_token_reused, invalid_link,
 * invalid_api_key, ...): still an UnauthorizedError, so it maps to 401 like any other.
 */
export class AuthError extends UnauthorizedError {
  override readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
