/**
 * OAuth 2.1 resource server (MCP authorization; RFC 9728, 8707, 9068, 7662, 6750): issuer
 * discovery, the JWKS cache, JWT access-token validation, introspection, claims → principal, and
 * the protected-resource metadata document.
 */

export { clientIdOf, principalOf, scopesOf, upstreamsFor } from "./claims.ts";
export { type FetchLike, OAuthFetchError } from "./fetch-json.ts";
export { checkIntrospection, createIntrospector, type Introspector } from "./introspection.ts";
export { discoverIssuer, type IssuerMetadata, metadataUrls } from "./issuer-metadata.ts";
export { cacheLifetimeMs, createJwksCache, type JwksCache, type JwksCacheOptions } from "./jwks-cache.ts";
export { ALLOWED_ALGORITHMS, CLOCK_SKEW_S, looksLikeJwt, verifyJwtAccessToken } from "./jwt-access-token.ts";
export type { TokenRefusal } from "./refusal.ts";
export {
  metadataPaths,
  type ProtectedResourceMetadata,
  protectedResourceMetadata,
  resourceMetadataUrl,
  WELL_KNOWN_PREFIX,
} from "./resource-metadata.ts";
export { createOAuthVerifier, type OAuthOutcome, type OAuthVerifier, type OAuthVerifierOptions } from "./verifier.ts";
