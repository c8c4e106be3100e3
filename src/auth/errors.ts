/** Errors of the auth layer: bad token options given by an operator. */

/** Stable codes for {@link AuthError}. */
export type AuthErrorCode = "invalid_ttl" | "invalid_name" | "invalid_upstreams";

/** A token option that cannot be used; `message` is the line shown to the operator. */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AuthError";
  }
}
