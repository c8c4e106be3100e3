/**
 * Failed-auth rate limiting per source (peer IP), as the deployment guide specifies: failures
 * (missing or invalid bearer) accumulate over a window; once a source has more than `maxFailures`
 * in the window it is blocked for `blockMs` and gets `429` + `Retry-After`. A success clears the
 * source. If the block ends before the window does, the count stays, so the next failure blocks
 * again at once; recovery takes a full window.
 *
 * State is written through to the store (a restart keeps a block) and mirrored in memory, loaded
 * once at creation, so a request from a clean source costs no query. The server is the only
 * writer of this table. When the store fails, the limiter fails open and reports the error.
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

/** The limiter. All methods are synchronous (bun:sqlite). */
export interface AuthRateLimiter {
  /** True when some source has failure state on record (otherwise `check` is always "allowed"). */
  readonly tracking: boolean;
  /** Is `source` blocked right now? Call before checking credentials. */
  check(source: string): RateLimitVerdict;
  /** Records one failed authentication; the verdict says whether the source is now blocked. */
  fail(source: string): RateLimitVerdict;
  /** A successful authentication: forget the source. */
  succeed(source: string): void;
  /**
   * Forgets sources whose window started and whose block ended before `before` (memory and
   * store); returns how many the store dropped.
   */
  prune(before: number): number;
}

const ALLOW: RateLimitVerdict = { blocked: false, known: false };
const ALLOW_KNOWN: RateLimitVerdict = { blocked: false, known: true };

/** Creates a limiter over the failure repository. */
export function createAuthRateLimiter(
  repo: AuthFailureRepo,
  policy: RateLimitPolicy,
  options: { now?: () => number; onError?: (error: Error) => void } = {},
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

  if (!policy.enabled) {
    return { tracking: false, check: () => ALLOW, fail: () => ALLOW, succeed() {}, prune: () => 0 };
  }

  const known = new Map<string, FailureState>();
  try {
    for (const s of repo.all()) known.set(s.source, s);
  } catch (e) {
    failOpen(e);
  }

  return {
    get tracking() {
      return known.size > 0;
    },
    check(source) {
      const s = known.get(source);
      if (s === undefined) return ALLOW;
      const t = now();
      return s.blockedUntil !== null && t < s.blockedUntil ? blockedVerdict(s.blockedUntil, t, false) : ALLOW_KNOWN;
    },
    fail(source) {
      const t = now();
      const prev = known.get(source);
      const fresh = prev === undefined || t - prev.windowStartedAt >= policy.windowMs;
      const failures = fresh ? 1 : prev.failures + 1;
      const windowStartedAt = fresh ? t : prev.windowStartedAt;
      const blockedUntil = failures > policy.maxFailures ? t + policy.blockMs : null;
      const next: FailureState = { source, failures, windowStartedAt, blockedUntil };
      known.set(source, next);
      try {
        repo.put(next);
      } catch (e) {
        return failOpen(e);
      }
      return blockedUntil === null ? ALLOW_KNOWN : blockedVerdict(blockedUntil, t, true);
    },
    succeed(source) {
      if (!known.delete(source)) return;
      try {
        repo.clear(source);
      } catch (e) {
        failOpen(e);
      }
    },
    prune(before) {
      for (const [source, s] of known) {
        if (s.windowStartedAt < before && (s.blockedUntil === null || s.blockedUntil < before)) known.delete(source);
      }
      try {
        return repo.prune(before);
      } catch (e) {
        failOpen(e);
        return 0;
      }
    },
  };
}
