/**
 * Local validation of JWT access tokens (RFC 9068 §4) with jose: the signature against the
 * issuer's JWKS, `iss` equal to the issuer, `aud` containing our audience (RFC 8707, MCP
 * authorization "Token Audience Binding and Validation"), `exp` required and `nbf` honoured with
 * a small clock skew, asymmetric algorithms only (no `none`, no HS* — a public key must never
 * serve as an HMAC secret), and a `typ` of `at+jwt` (also `application/at+jwt`, `JWT` or none, as
 * common identity providers issue them).
 */

import { errors, jwtVerify } from "jose";
import type { JwksCache } from "./jwks-cache.ts";
import type { TokenRefusal } from "./refusal.ts";

/** Signature algorithms accepted (JWA, RFC 7518 §3.1, and EdDSA, RFC 8037). */
export const ALLOWED_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
] as const;

/** Clock skew tolerated on `exp` and `nbf`, in seconds. */
export const CLOCK_SKEW_S = 30;

const ACCEPTED_TYP = new Set(["at+jwt", "application/at+jwt", "jwt"]);

/** What {@link verifyJwtAccessToken} checks against. */
export interface JwtCheck {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: JwksCache;
  /** Current time in ms (tests); default `Date.now`. */
  readonly now?: () => number;
}

/** Validated claims, or why the token is refused. */
export type JwtOutcome = { ok: true; claims: Record<string, unknown> } | { ok: false; refusal: TokenRefusal };

const invalid = (description: string): JwtOutcome => ({
  ok: false,
  refusal: { kind: "invalid_token", reason: "invalid", description },
});

/** True when `token` has the shape of a JWS compact serialisation (three base64url parts). */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/**
 * Validates one JWT access token.
 *
 * @returns the claims, or a refusal (`invalid_token`; `unavailable` when the JWKS cannot be had)
 */
export async function verifyJwtAccessToken(token: string, check: JwtCheck): Promise<JwtOutcome> {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, check.keys.getKey, {
      issuer: check.issuer,
      audience: check.audience,
      algorithms: [...ALLOWED_ALGORITHMS],
      clockTolerance: CLOCK_SKEW_S,
      requiredClaims: ["exp"],
      ...(check.now ? { currentDate: new Date(check.now()) } : {}),
    });
    const typ = protectedHeader.typ;
    if (typ !== undefined && !ACCEPTED_TYP.has(typ.toLowerCase()))
      return invalid(`token type ${JSON.stringify(typ)} is not an access token`);
    return { ok: true, claims: payload as Record<string, unknown> };
  } catch (e) {
    if (e instanceof errors.JWTExpired)
      return { ok: false, refusal: { kind: "invalid_token", reason: "expired", description: "the token has expired" } };
    if (e instanceof errors.JWTClaimValidationFailed) {
      if (e.claim === "nbf") return invalid("the token is not valid yet");
      if (e.claim === "iss") return invalid("the token was issued by another authorization server");
      if (e.claim === "aud") return invalid("the token was not issued for this resource");
      return invalid(`the token's ${e.claim} claim is not acceptable`);
    }
    if (e instanceof errors.JOSEAlgNotAllowed) return invalid("the token's signature algorithm is not allowed");
    if (e instanceof errors.JWKSNoMatchingKey) return invalid("the token is signed with an unknown key");
    if (e instanceof errors.JWSSignatureVerificationFailed) return invalid("the token's signature is not valid");
    if (e instanceof errors.JOSEError) return invalid("the token is malformed");
    // Not a token problem: the keys could not be fetched.
    return { ok: false, refusal: { kind: "unavailable", description: (e as Error).message } };
  }
}
