/**
 * The issuer's signing keys (JWKS), cached the way its HTTP answer says: `Cache-Control: max-age`
 * (or `Expires`) sets how long a fetched set is used, clamped to [`minRefreshMs`, 24 h]; without
 * either header a set lives `defaultMaxAgeMs`. Key selection is jose's `createLocalJWKSet` over the
 * cached document.
 *
 * Refreshes: when the set is stale, and when a token names a `kid` the set does not have (key
 * rotation) — but never more often than once per `minRefreshMs`, so a stream of tokens with made-up
 * `kid`s costs the issuer at most one fetch per interval. Concurrent refreshes share one fetch. A
 * failed refresh keeps the previous set (stale-if-error) until the next interval.
 */

import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { type FetchJsonOptions, fetchJson, OAuthFetchError } from "./fetch-json.ts";

/** Options of {@link createJwksCache}. Durations in ms. */
export interface JwksCacheOptions extends FetchJsonOptions {
  readonly url: string;
  /** Lifetime of a set whose answer has no cache headers; default 10 min. */
  readonly defaultMaxAgeMs?: number;
  /** Least time between two fetches (the rotation refresh bound); default 30 s. */
  readonly minRefreshMs?: number;
  readonly now?: () => number;
}

/** The cache; `getKey` is what `jwtVerify` takes. */
export interface JwksCache {
  readonly getKey: JWTVerifyGetKey;
  /** Fetches now unless a fetch happened less than `minRefreshMs` ago; resolves when done. */
  refresh(): Promise<void>;
  /**
   * Makes sure a usable set is loaded (fetching when there is none or it is stale).
   *
   * @throws {OAuthFetchError} when no set could be fetched
   */
  ensure(): Promise<void>;
  /** Fetches made so far (tests and metrics). */
  readonly fetches: number;
}

const MAX_AGE_CAP_MS = 86_400_000;

/** Lifetime (ms) a JWKS answer's headers grant, or null when they say nothing. */
export function cacheLifetimeMs(headers: Headers, now: number): number | null {
  const cc = headers.get("cache-control") ?? "";
  if (/\b(no-store|no-cache)\b/i.test(cc)) return 0;
  const m = /\bmax-age\s*=\s*"?(\d+)"?/i.exec(cc);
  if (m) return Number(m[1]) * 1000;
  const expires = headers.get("expires");
  if (expires) {
    const at = Date.parse(expires);
    return Number.isNaN(at) ? 0 : Math.max(0, at - now);
  }
  return null;
}

/** Creates the cache; nothing is fetched until the first key is needed (or `refresh`). */
export function createJwksCache(options: JwksCacheOptions): JwksCache {
  const now = options.now ?? Date.now;
  const minRefresh = options.minRefreshMs ?? 30_000;
  const defaultMaxAge = options.defaultMaxAgeMs ?? 600_000;
  let local: JWTVerifyGetKey | null = null;
  let expiresAt = 0;
  let lastFetchAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<void> | null = null;
  let fetches = 0;
  let lastError: Error | null = null;

  const load = (): Promise<void> => {
    if (pending) return pending;
    if (now() - lastFetchAt < minRefresh) return Promise.resolve();
    lastFetchAt = now();
    fetches++;
    pending = (async () => {
      try {
        const { body, headers } = await fetchJson(options.url, { headers: { accept: "application/json" } }, options);
        const set = createLocalJWKSet(body as unknown as JSONWebKeySet);
        const t = now();
        const lifetime = cacheLifetimeMs(headers, t) ?? defaultMaxAge;
        local = set;
        expiresAt = t + Math.min(MAX_AGE_CAP_MS, Math.max(minRefresh, lifetime));
        lastError = null;
      } catch (e) {
        lastError = e instanceof errors.JWKSInvalid ? new OAuthFetchError(options.url, e.message) : (e as Error);
      } finally {
        pending = null;
      }
    })();
    return pending;
  };

  const current = async (): Promise<JWTVerifyGetKey> => {
    if (local === null || now() >= expiresAt) await load();
    if (local === null) throw lastError ?? new OAuthFetchError(options.url, "no signing keys");
    return local;
  };

  return {
    async getKey(header, token) {
      const set = await current();
      try {
        return await set(header, token);
      } catch (e) {
        if (!(e instanceof errors.JWKSNoMatchingKey)) throw e;
        // An unknown kid: the issuer may have rotated its keys. Refetch (rate-bounded) and retry once.
        const before = local;
        await load();
        if (local === null || local === before) throw e;
        return local(header, token);
      }
    },
    refresh: load,
    async ensure() {
      await current();
    },
    get fetches() {
      return fetches;
    },
  };
}
