/**
 * Failed-auth rate limiting per source (peer IP), as the deployment guide specifies: failures
 * (missing or invalid bearer) accumulate over a window; once a source has more than `maxFailures`
 * in the window it is blocked for `blockMs` and gets `429` + `Retry-After`. A success clears the
 * source. If the block ends before the window does, the count stays, so the next failure blocks
 * again at once; recovery takes a full window.
 *
 * State is written through to the store (a restart keeps a block). With a store of its own (SQLite,
 * one server writes it) the limiter mirrors the table in memory, loaded once, so a request from a
 * clean source costs no query. With a shared store (`shared`: several replicas on one PostgreSQL)
 * every check reads the source's row and every failure is counted by one atomic upsert, so a block
 * earned on one replica holds on all of them at once. When the store fails, the limiter fails
 * open and reports the error (authentication itself then decides).
 */

import type { AuthFailureRepo, FailureState } from "../store/index.ts";

/** Limiter settings (`--http-auth-rate-limit*`). */
export interface RateLimitPolicy {
  readonly enabled: boolean;
  readonly windowMs: number;
  readonly maxFailures: number;
  readonly blockMs: number;
}

/**
 * A verdict: allowed, or blocked with the seconds to wait. `known` says the source has failure
 * state on record (so a success has something to clear).
 */
export type RateLimitVerdict =
  | { blocked: false; known: boolean }
  | { blocked: true; retryAfterSeconds: number; justBlocked: boolean };

/** The limiter. Every method resolves (a store error fails open); none rejects. */
export interface AuthRateLimiter {
  /** True when some source may have failure state on record (otherwise `check` is always "allowed"). */
  readonly tracking: boolean;
  /** Is `source` blocked right now? Call before checking credentials. */
  check(source: string): Promise<RateLimitVerdict>;
  /** Records one failed authentication; the verdict says whether the source is now blocked. */
  fail(source: string): Promise<RateLimitVerdict>;
  /** A successful authentication: forget the source. */
  succeed(source: string): Promise<void>;
  /**
   * Forgets sources whose window started and whose block ended before `before` (memory and
   * store); resolves how many the store dropped.
   */
  prune(before: number): Promise<number>;
}

const ALLOW: RateLimitVerdict = { blocked: false, known: false };
const ALLOW_KNOWN: RateLimitVerdict = { blocked: false, known: true };

/** Options of {@link createAuthRateLimiter}. */
export interface RateLimiterOptions {
  readonly now?: () => number;
  readonly onError?: (error: Error) => void;
  /** The store is shared with other processes: read it on every check instead of a memory mirror. */
  readonly shared?: boolean;
}

/** Creates a limiter over the failure repository. */
export function createAuthRateLimiter(
  repo: AuthFailureRepo,
  policy: RateLimitPolicy,
  options: RateLimiterOptions = {},
): AuthRateLimiter {
  const now = options.now ?? Date.now;
  const failOpen = (e: unknown): RateLimitVerdict => {
    options.onError?.(e instanceof Error ? e : new Error(String(e)));
    return ALLOW;
  };
  const blockedVerdict = (until: number, t: number, justBlocked: boolean): RateLimitVerdict => ({
    blocked: true,
    retryAfterSeconds: Math.max(1, Math.ceil((until - t) / 1000)),
    justBlocked,
  });
  const verdictOf = (s: FailureState | null | undefined, t: number): RateLimitVerdict => {
    if (s == null) return ALLOW;
    return s.blockedUntil !== null && t < s.blockedUntil ? blockedVerdict(s.blockedUntil, t, false) : ALLOW_KNOWN;
  };

  if (!policy.enabled) {
    return {
      tracking: false,
      check: async () => ALLOW,
      fail: async () => ALLOW,
      async succeed() {},
      prune: async () => 0,
    };
  }

  const shared = options.shared === true;
  const known = new Map<string, FailureState>();
  const loaded: Promise<void> = shared
    ? Promise.resolve()
    : repo.all().then(
        (rows) => {
          for (const s of rows) if (!known.has(s.source)) known.set(s.source, s);
        },
        (e: unknown) => void failOpen(e),
      );

  return {
    get tracking() {
      return shared || known.size > 0;
    },
    async check(source) {
      if (shared) {
        try {
          return verdictOf(await repo.get(source), now());
        } catch (e) {
          return failOpen(e);
        }
      }
      await loaded;
      return verdictOf(known.get(source), now());
    },
    async fail(source) {
      await loaded;
      const t = now();
      let next: FailureState;
      try {
        next = await repo.recordFailure(source, t, policy);
      } catch (e) {
        return failOpen(e);
      }
      if (!shared) known.set(source, next);
      return next.blockedUntil !== null && t < next.blockedUntil
        ? blockedVerdict(next.blockedUntil, t, next.failures > policy.maxFailures)
        : ALLOW_KNOWN;
    },
    async succeed(source) {
      if (!shared && !known.delete(source)) return;
      try {
        await repo.clear(source);
      } catch (e) {
        failOpen(e);
      }
    },
    async prune(before) {
      for (const [source, s] of known) {
        if (s.windowStartedAt < before && (s.blockedUntil === null || s.blockedUntil < before)) known.delete(source);
      }
      try {
        return await repo.prune(before);
      } catch (e) {
        failOpen(e);
        return 0;
      }
    },
  };
}
