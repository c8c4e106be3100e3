/**
 * Failed-auth counters per source (peer IP), kept in SQLite so a restart does not lift a block.
 * The policy (window, threshold, block length) lives in `src/auth/rate-limiter.ts`; this module
 * only reads and writes the state.
 */

import type { Database } from "bun:sqlite";

/** Failure state of one source. Times are epoch ms. */
export interface FailureState {
  readonly source: string;
  /** Failures counted in the current window. */
  readonly failures: number;
  readonly windowStartedAt: number;
  /** While `now < blockedUntil` the source is refused with 429; null when not blocked. */
  readonly blockedUntil: number | null;
}

/** Persistence of {@link FailureState}. */
export interface AuthFailureRepo {
  get(source: string): FailureState | null;
  /** Every source on record (loaded once at boot by the limiter). */
  all(): FailureState[];
  put(state: FailureState): void;
  /** Forgets the source (a successful authentication). */
  clear(source: string): void;
  /** Deletes rows whose window and block both ended before `before`; returns how many. */
  prune(before: number): number;
}

interface Row {
  source: string;
  failures: number;
  window_started_at: number;
  blocked_until: number | null;
}

/** Creates the repository over an open, migrated database. */
export function createAuthFailureRepo(db: Database): AuthFailureRepo {
  const get = db.query<Row, { source: string }>("SELECT * FROM auth_failures WHERE source = $source");
  const all = db.query<Row, []>("SELECT * FROM auth_failures");
  const fromRow = (r: Row): FailureState => ({
    source: r.source,
    failures: r.failures,
    windowStartedAt: r.window_started_at,
    blockedUntil: r.blocked_until,
  });
  const put = db.query(
    `INSERT INTO auth_failures (source, failures, window_started_at, blocked_until)
     VALUES ($source, $failures, $window_started_at, $blocked_until)
     ON CONFLICT (source) DO UPDATE SET failures = excluded.failures,
       window_started_at = excluded.window_started_at, blocked_until = excluded.blocked_until`,
  );
  const clear = db.query("DELETE FROM auth_failures WHERE source = $source");
  const prune = db.query(
    "DELETE FROM auth_failures WHERE window_started_at < $before AND (blocked_until IS NULL OR blocked_until < $before)",
  );
  return {
    get(source) {
      const r = get.get({ source });
      return r ? fromRow(r) : null;
    },
    all: () => all.all().map(fromRow),
    put(s) {
      put.run({
        source: s.source,
        failures: s.failures,
        window_started_at: s.windowStartedAt,
        blocked_until: s.blockedUntil,
      });
    },
    clear(source) {
      clear.run({ source });
    },
    prune: (before) => prune.run({ before }).changes,
  };
}
