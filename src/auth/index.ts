/**
 * Auth layer: bearer tokens (format, hashing, named-token management), the authenticator, the
 * failed-auth rate limiter, per-owner upstream scope and the log redactor. Imports only the store
 * and config layers.
 */

export {
  ANONYMOUS,
  type AuthenticatorOptions,
  type Authenticator,
  type AuthFailureReason,
  type AuthOutcome,
  createAuthenticator,
  type Principal,
} from "./authenticator.ts";
export { AuthError, type AuthErrorCode } from "./errors.ts";
export { createOwnerScope, type OwnerScope } from "./owner-scope.ts";
export {
  type AuthRateLimiter,
  createAuthRateLimiter,
  type RateLimitPolicy,
  type RateLimitVerdict,
} from "./rate-limiter.ts";
export { createRedactor, REDACTED, type Redactor } from "./redactor.ts";
export {
  checkTokenName,
  DISPLAY_PREFIX_LENGTH,
  digestsEqual,
  generateToken,
  parseTtl,
  parseUpstreams,
  sha256Hex,
  shortHash,
  TOKEN_BYTES,
  TOKEN_PREFIX,
} from "./token-format.ts";
export {
  type CreateTokenOptions,
  createTokenService,
  type TokenService,
  type TokenStatus,
  tokenStatus,
} from "./tokens.ts";
export * from "./oauth/index.ts";
export * from "./oauth/verifier.ts";
export * from "./oauth/resource-metadata.ts";
