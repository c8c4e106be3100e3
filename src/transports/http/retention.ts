/**
 * Retention of the HTTP mode's state, on a schedule: audit rows and closed-session rows older
 * than their retention, and failed-auth rows (and the limiter's memory mirror) whose window and
 * block are both over. A sweep runs at start and then every `intervalMs`, so a long-lived server
 * does not grow its state file or its memory with every request or every failing peer.
 *
 * Audit rows are deleted in bounded batches with a turn of the event loop between them, so a
 * large backlog never holds the main thread (and `/health`) for long.
 */

import type { AuthRateLimiter } from "../../auth/index.ts";
import type { Logger } from "../../config/index.ts";
import type { AuditRepo, SessionRepo } from "../../store/index.ts";

/** How long each kind of state is kept, in ms. */
export interface RetentionPolicy {
  readonly auditMs: number;
  readonly closedSessionsMs: number;
  /** Failed-auth state outlives `max(window, block)` by nothing: then it can no longer matter. */
  readonly authFailuresMs: number;
}

/** What a sweep deleted. */
export interface SweepCounts {
  readonly audit: number;
  readonly sessions: number;
  readonly authFailures: number;
}

/** Options of {@link startRetention}. */
export interface RetentionOptions {
  readonly audit: AuditRepo;
  readonly sessions: SessionRepo;
  readonly limiter: AuthRateLimiter;
  readonly policy: RetentionPolicy;
  /** Time between sweeps, in ms. */
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Audit rows deleted per batch. */
  readonly batchRows?: number;
}

/** A running schedule. */
export interface Retention {
  /** Runs one sweep now (also what the timer runs). */
  sweep(): Promise<SweepCounts>;
  /** Stops the timer. */
  stop(): void;
}

/** Starts the schedule; the first sweep runs at once. */
export function startRetention(options: RetentionOptions): Retention {
  const { policy, logger } = options;
  const now = options.now ?? Date.now;
  const batchRows = options.batchRows ?? 5000;
  let running: Promise<SweepCounts> | null = null;

  async function sweepOnce(): Promise<SweepCounts> {
    const t = now();
    let audit = 0;
    for (;;) {
      const n = await options.audit.prune(t - policy.auditMs, batchRows);
      audit += n;
      if (n < batchRows) break;
      await new Promise((r) => setImmediate(r));
    }
    const sessions = await options.sessions.prune(t - policy.closedSessionsMs);
    const authFailures = await options.limiter.prune(t - policy.authFailuresMs);
    if (audit + sessions + authFailures > 0)
      logger.info("state_pruned", { audit, sessions, auth_failures: authFailures });
    return { audit, sessions, authFailures };
  }

  const sweep = (): Promise<SweepCounts> => {
    running ??= sweepOnce()
      .catch((e: unknown) => {
        logger.warn("store_error", { what: "retention", message: e instanceof Error ? e.message : String(e) });
        return { audit: 0, sessions: 0, authFailures: 0 };
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  void sweep();
  const timer = setInterval(() => void sweep(), options.intervalMs);
  timer.unref?.();
  return { sweep, stop: () => clearInterval(timer) };
}
