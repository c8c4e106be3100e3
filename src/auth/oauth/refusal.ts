/**
 * Why an access token was refused, in the terms of RFC 6750 §3.1 (`invalid_token` → 401,
 * `insufficient_scope` → 403) plus `unavailable` (the authorization server's keys or
 * introspection endpoint cannot be reached → 503; not the caller's fault, so not counted by the
 * failed-auth limiter).
 */

/** A refusal. `description` is safe to send to the client: it never contains the token. */
export type TokenRefusal =
  | { readonly kind: "invalid_token"; readonly reason: "invalid" | "expired"; readonly description: string }
  | { readonly kind: "insufficient_scope"; readonly scope: string; readonly description: string }
  | { readonly kind: "unavailable"; readonly description: string };
