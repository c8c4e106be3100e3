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

/** The counting rule of {@link AuthFailureRepo.recordFailure} (ms and counts). */
export interface FailurePolicy {
  readonly windowMs: number;
  readonly maxFailures: number;
  readonly blockMs: number;
}

/**
 * The upsert behind {@link AuthFailureRepo.recordFailure}, in the SQL both SQLite and PostgreSQL
 * speak: `$1` source, `$2` at, `$3` windowMs, `$4` maxFailures, `$5` blockMs. Assignments read the
 * row as it was before the update.
 */
export const RECORD_FAILURE_SQL = `
  INSERT INTO auth_failures AS f (source, failures, window_started_at, blocked_until)
  VALUES ($1, 1, $2, CASE WHEN 1 > $4 THEN $2 + $5 ELSE NULL END)
  ON CONFLICT (source) DO UPDATE SET
    failures = CASE WHEN $2 - f.window_started_at >= $3 THEN 1 ELSE f.failures + 1 END,
    window_started_at = CASE WHEN $2 - f.window_started_at >= $3 THEN $2 ELSE f.window_started_at END,
    blocked_until = CASE
      WHEN (CASE WHEN $2 - f.window_started_at >= $3 THEN 1 ELSE f.failures + 1 END) > $4 THEN $2 + $5
      WHEN f.blocked_until > $2 THEN f.blocked_until
      ELSE NULL END
  RETURNING source, failures, window_started_at, blocked_until`;

/** Persistence of {@link FailureState}. Every method may reject with the database's error. */
export interface AuthFailureRepo {
  get(source: string): Promise<FailureState | null>;
  /** Every source on record (loaded once at boot by the limiter). */
  all(): Promise<FailureState[]>;
  put(state: FailureState): Promise<void>;
  /**
   * Counts one failure of `source` at `at` in one atomic step (safe with several writers): a new
   * window starts when the last one is `windowMs` old; past `maxFailures` in the window the source
   * is blocked until `at + blockMs`; a block still running is kept. Resolves the state written.
   */
  recordFailure(source: string, at: number, policy: FailurePolicy): Promise<FailureState>;
  /** Forgets the source (a successful authentication). */
  clear(source: string): Promise<void>;
  /** Deletes rows whose window and block both ended before `before`; resolves how many. */
  prune(before: number): Promise<number>;
}

interface Row {
  source: string;
  failures: number;
  window_started_at: number;
  blocked_until: number | null;
}

/** Creates the repository over an open, migrated database. */
export function createSqliteAuthFailureRepo(db: Database): AuthFailureRepo {
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
  const record = db.query<Row, [string, number, number, number, number]>(
    RECORD_FAILURE_SQL.replaceAll(/\$(\d)/g, "?$1"),
  );
  const prune = db.query(
    "DELETE FROM auth_failures WHERE window_started_at < $before AND (blocked_until IS NULL OR blocked_until < $before)",
  );
  return {
    async get(source) {
      const r = get.get({ source });
      return r ? fromRow(r) : null;
    },
    all: async () => all.all().map(fromRow),
    async put(s) {
      put.run({
        source: s.source,
        failures: s.failures,
        window_started_at: s.windowStartedAt,
        blocked_until: s.blockedUntil,
      });
    },
    async recordFailure(source, at, p) {
      const r = record.get(source, at, p.windowMs, p.maxFailures, p.blockMs);
      if (r === null) throw new Error("auth_failures upsert returned no row");
      return fromRow(r);
    },
    async clear(source) {
      clear.run({ source });
    },
    prune: async (before) => prune.run({ before }).changes,
  };
}
