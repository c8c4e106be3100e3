/**
 * Bearer authentication for the HTTP mode: the static `--http-auth-token` and named tokens from
 * the store. A presented token is hashed once (SHA-256) and compared as a digest in constant time;
 * named tokens are looked up by that digest on every request, so a revocation or an expiry made by
 * another process (`ptc-mcp token revoke`) applies to the very next request.
 *
 * Owners: the static token is owner `static`; each named token is its own owner `pat:<id>`; with
 * auth disabled every caller is `anonymous`. Session caps and in-flight caps are kept per owner.
 */

import type { TokenRepo } from "../store/index.ts";
import { digestsEqual, sha256Hex, TOKEN_PREFIX } from "./token-format.ts";
import type { UpstreamScope } from "../config/index.ts";

/** Who a request acts for. */
export interface Principal {
  /** Owner id: `static`, `pat:<token id>`, `oauth:<sub or client_id>` or `anonymous`. Not secret, but logged only hashed. */
  readonly owner: string;
  readonly kind: "static" | "named" | "anonymous" | "oauth";
  /** Token name for named tokens, the OAuth client id for OAuth tokens (audit), else null. */
  readonly tokenName: string | null;
  /** Upstream scope of a named token or of an OAuth token's scopes; null means unrestricted. */
  readonly upstreams: UpstreamScope;
  /** OAuth scopes granted by the access token (absent for the other kinds). */
  readonly scopes?: readonly string[];
}

/** Why authentication failed. `missing` covers an absent or non-Bearer `Authorization`. */
export type AuthFailureReason = "missing" | "invalid" | "revoked" | "expired";

/** Outcome of {@link Authenticator.authenticate}. */
export type AuthOutcome = { ok: true; principal: Principal } | { ok: false; reason: AuthFailureReason };

/** Verifies `Authorization` header values. */
export interface Authenticator {
  /** False when auth is disabled (`--http-disable-auth`): every request is `anonymous`. */
  readonly enabled: boolean;
  /** Rejects (StoreError `unavailable`) only when the token store cannot be read. */
  authenticate(authorization: string | null | undefined): Promise<AuthOutcome>;
}

/** Options of {@link createAuthenticator}. */
export interface AuthenticatorOptions {
  /** `--http-auth-token`, or null. */
  readonly staticToken: string | null;
  /** Named tokens; null when there is no store (then only the static token works). */
  readonly tokens: TokenRepo | null;
  /** Disable auth entirely (loopback only; validated by the config layer). */
  readonly disabled?: boolean;
  readonly now?: () => number;
  /** Minimum ms between `last_used_at` writes for one token. */
  readonly touchIntervalMs?: number;
}

/** The principal of every request when auth is disabled. */
export const ANONYMOUS: Principal = { owner: "anonymous", kind: "anonymous", tokenName: null, upstreams: null };
const STATIC: Principal = { owner: "static", kind: "static", tokenName: null, upstreams: null };

/** Creates an authenticator. */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const now = options.now ?? Date.now;
  const staticDigest = options.staticToken ? sha256Hex(options.staticToken) : null;
  const touchInterval = options.touchIntervalMs ?? 1000;
  const lastTouch = new Map<string, number>();

  if (options.disabled) return { enabled: false, authenticate: async () => ({ ok: true, principal: ANONYMOUS }) };

  return {
    enabled: true,
    async authenticate(authorization) {
      const raw = bearerOf(authorization);
      if (raw === null) return { ok: false, reason: "missing" };
      const digest = sha256Hex(raw);
      if (staticDigest !== null && digestsEqual(digest, staticDigest)) return { ok: true, principal: STATIC };
      if (options.tokens === null || !raw.startsWith(TOKEN_PREFIX)) return { ok: false, reason: "invalid" };
      const row = await options.tokens.findByHash(digest);
      // The lookup is by digest; the explicit comparison keeps the check constant-time even if the
      // index lookup were ever replaced by a prefix scan.
      if (row === null || !digestsEqual(row.hash, digest)) return { ok: false, reason: "invalid" };
      const t = now();
      if (row.revokedAt !== null) return { ok: false, reason: "revoked" };
      if (row.expiresAt !== null && t >= row.expiresAt) return { ok: false, reason: "expired" };
      if ((lastTouch.get(row.id) ?? 0) + touchInterval <= t) {
        lastTouch.set(row.id, t);
        // Bookkeeping only: a failed write must not fail the request, nor wait for the database.
        options.tokens.touch(row.id, t).catch(() => lastTouch.delete(row.id));
      }
      return {
        ok: true,
        principal: { owner: `pat:${row.id}`, kind: "named", tokenName: row.name, upstreams: row.upstreams },
      };
    },
  };
}

/** The credential of a `Bearer` header, or null when absent, empty or another scheme. */
function bearerOf(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return m ? (m[1] as string) : null;
}
