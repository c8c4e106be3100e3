/**
 * The two stops the interpreter's own checks cannot give, as the worker pool and the watchdog of an
 * in-process run (watchdog.ts) both apply them, so a program is stopped at the same figures and
 * with the same words either way: the hard time stop (deadline + grace, for a builtin that never
 * yields) and the process RSS cap (for one that allocates without reaching a check).
 */

import type { EvalFault } from "./executor.ts";

/** Extra time past the deadline before a run that has not answered is stopped (ms). */
export const HARD_STOP_GRACE_MS = 500;
/** How often RSS is sampled while a program runs (ms). */
export const RSS_SAMPLE_MS = 50;
/** Heap a sandbox worker itself takes, allowed for in the cap (bytes). */
const WORKER_BYTES = 32 * 2 ** 20;
/** Room for the process's own growth (transports, caches), allowed for in the cap (bytes). */
const HEADROOM_BYTES = 64 * 2 ** 20;

/**
 * RSS (bytes) above which the backstop stops a program: the RSS now, plus per program slot its
 * worker and six times its memory budget (a program's live data costs a few times what the budget
 * charges), plus one worker for a spare, plus headroom.
 *
 * @param slots programs that may run at once
 * @param memoryLimitBytes the per-program budget (`--program-memory-limit-bytes`)
 */
export function rssCapBytes(slots: number, memoryLimitBytes: number, spareWorker = false): number {
  return (
    process.memoryUsage.rss() +
    slots * (WORKER_BYTES + 6 * memoryLimitBytes) +
    (spareWorker ? WORKER_BYTES : 0) +
    HEADROOM_BYTES
  );
}

/** The `timeout` of a run stopped at deadline + grace (`timeoutMs`: the program's limit). */
export function hardStopFault(timeoutMs: number): EvalFault {
  return {
    code: "timeout",
    message: `program exceeded its time limit of ${timeoutMs} ms and was stopped`,
    hint: "one operation ran too long to be interrupted; give it a smaller input",
  };
}

/** The `memory_exceeded` of a run stopped by the RSS cap (`rss` and `cap` in bytes). */
export function memoryCapFault(rss: number | string, cap: number): EvalFault {
  return {
    code: "memory_exceeded",
    message: `the server stopped this program: its memory grew past the sandbox cap (process at ${typeof rss === "string" ? rss : mib(rss)} MiB, cap ${mib(cap)} MiB)`,
    hint: "build smaller intermediate collections",
  };
}

function mib(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}
