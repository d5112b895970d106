import { UnauthorizedError } from "../error";

/**
 * An UnauthorizedError with a precise machine code (invalid_token, invalid_credentials,
 * refresh_token_reused, invalid_link, invalid_api_key, ...).
 */
export class AuthError extends UnauthorizedError {
  constructor(code: string, message: string) {
    super(message, code);
  }
}
