/**
 * The OAuth resource server's token check: one access token in, a {@link Principal} or a
 * {@link TokenRefusal} out. JWTs are validated locally against the cached JWKS; anything else is
 * introspected when an introspection endpoint is configured, else refused. Required scopes are
 * checked last (a valid token without them is `insufficient_scope`, 403).
 *
 * A validated JWT's claims are kept for a minute (never past its `exp`), keyed by the token's
 * SHA-256, so a client reusing its token pays one signature check per minute rather than one per
 * request; removing a key from the JWKS therefore takes up to that long to refuse its tokens.
 *
 * Built once at boot by {@link createOAuthVerifier}: the issuer's metadata is discovered (unless
 * `--http-oauth-jwks-url` makes it unnecessary) and the JWKS fetched, so a misconfigured issuer
 * stops the boot instead of failing the first caller.
 */

import type { OAuthSettings } from "../../config/index.ts";
import type { Principal } from "../authenticator.ts";
import { sha256Hex } from "../token-format.ts";
import { principalOf } from "./claims.ts";
import type { FetchLike } from "./fetch-json.ts";
import { createIntrospector, type Introspector } from "./introspection.ts";
import { discoverIssuer } from "./issuer-metadata.ts";
import { createJwksCache, type JwksCache } from "./jwks-cache.ts";
import { looksLikeJwt, verifyJwtAccessToken } from "./jwt-access-token.ts";
import type { TokenRefusal } from "./refusal.ts";

/** Validated JWTs remembered at most (oldest dropped first). */
const MAX_CACHED = 10_000;

/** Outcome of {@link OAuthVerifier.verify}. */
export type OAuthOutcome = { ok: true; principal: Principal } | { ok: false; refusal: TokenRefusal };

/** The verifier. */
export interface OAuthVerifier {
  readonly settings: OAuthSettings;
  /** Where the keys come from (for the boot log). */
  readonly jwksUrl: string;
  readonly keys: JwksCache;
  readonly introspector: Introspector | null;
  verify(token: string): Promise<OAuthOutcome>;
}

/** Options of {@link createOAuthVerifier}. */
export interface OAuthVerifierOptions {
  readonly fetch?: FetchLike;
  readonly now?: () => number;
  /** How long a validated JWT's claims are reused, ms; default 60 s (0: validate every request). */
  readonly jwtCacheTtlMs?: number;
  /** Introspection answer cache lifetime, ms; default 30 s. */
  readonly introspectionCacheTtlMs?: number;
  /** Fetch the JWKS before returning (default true): a broken issuer then stops the boot. */
  readonly warm?: boolean;
}

/**
 * Creates the verifier for `settings`.
 *
 * @throws {OAuthFetchError} when the issuer's metadata or (with `warm`) its JWKS cannot be fetched,
 *   or the metadata has no `jwks_uri`
 */
export async function createOAuthVerifier(
  settings: OAuthSettings,
  options: OAuthVerifierOptions = {},
): Promise<OAuthVerifier> {
  const net = options.fetch ? { fetch: options.fetch } : {};
  const now = options.now ? { now: options.now } : {};
  let jwksUrl = settings.jwksUrl;
  if (jwksUrl === null) {
    const meta = await discoverIssuer(settings.issuer, net);
    if (meta.jwksUri === null) throw new Error(`${meta.source}: the metadata has no jwks_uri`);
    jwksUrl = meta.jwksUri;
  }
  const keys = createJwksCache({
    url: jwksUrl,
    ...net,
    ...now,
    minRefreshMs: settings.jwksRefreshIntervalMs,
  });
  if (options.warm !== false) await keys.ensure();
  const introspector = settings.introspection
    ? createIntrospector({
        ...settings.introspection,
        issuer: settings.issuer,
        audience: settings.audience,
        ...net,
        ...now,
        ...(options.introspectionCacheTtlMs !== undefined ? { cacheTtlMs: options.introspectionCacheTtlMs } : {}),
      })
    : null;

  const withScopes = (claims: Record<string, unknown>): OAuthOutcome => {
    const principal = principalOf(claims, settings.scopeMap);
    if (principal === null)
      return {
        ok: false,
        refusal: { kind: "invalid_token", reason: "invalid", description: "the token names no subject or client" },
      };
    const granted = new Set(principal.scopes);
    const missing = settings.requiredScopes.filter((s) => !granted.has(s));
    if (missing.length > 0)
      return {
        ok: false,
        refusal: {
          kind: "insufficient_scope",
          scope: settings.requiredScopes.join(" "),
          description: `the token lacks the scope ${missing.join(" ")}`,
        },
      };
    return { ok: true, principal };
  };

  const clock = options.now ?? Date.now;
  const jwtTtl = options.jwtCacheTtlMs ?? 60_000;
  const validated = new Map<string, { until: number; claims: Record<string, unknown> }>();

  return {
    settings,
    jwksUrl,
    keys,
    introspector,
    async verify(token) {
      if (looksLikeJwt(token)) {
        const key = jwtTtl > 0 ? sha256Hex(token) : "";
        const t = clock();
        const hit = jwtTtl > 0 ? validated.get(key) : undefined;
        if (hit !== undefined && hit.until > t) return withScopes(hit.claims);
        if (hit !== undefined) validated.delete(key);
        const r = await verifyJwtAccessToken(token, {
          issuer: settings.issuer,
          audience: settings.audience,
          keys,
          ...now,
        });
        if (!r.ok) return r;
        if (jwtTtl > 0) {
          const exp = typeof r.claims.exp === "number" ? r.claims.exp * 1000 : t;
          if (validated.size >= MAX_CACHED) validated.delete(validated.keys().next().value as string);
          validated.set(key, { until: Math.min(t + jwtTtl, exp), claims: r.claims });
        }
        return withScopes(r.claims);
      }
      if (introspector === null)
        return {
          ok: false,
          refusal: { kind: "invalid_token", reason: "invalid", description: "the token is not a JWT access token" },
        };
      const r = await introspector.introspect(token);
      return r.ok ? withScopes(r.claims) : r;
    },
  };
}
