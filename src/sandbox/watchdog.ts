/**
 * The main thread's side of the watchdog worker (watchdog-entry.ts) that lets a one-shot command
 * run its program on the main thread (watched-run.ts) with the pool's hard stops. Started before
 * the run is prepared, so the worker boots on another core meanwhile, or (`deferred`) only when a
 * run is armed; the main thread never waits for it (the arm message waits in its queue), and it
 * needs nothing from the main thread after {@link Watchdog.watch}.
 */

import { HARD_STOP_GRACE_MS, hardStopFault, memoryCapFault, RSS_SAMPLE_MS, rssCapBytes } from "./hard-stops.ts";
import type { EvalFault } from "./executor.ts";
import { type ArmMessage, RSS_MIB_MARK, RUN_STATE, type StopReport, workerCanEndProcess } from "./watchdog-protocol.ts";

export type { StopReport } from "./watchdog-protocol.ts";

/** Options of {@link startWatchdog}. */
export interface WatchdogOptions {
  /** Per-program memory budget the RSS cap is derived from, as the pool derives it (bytes). */
  readonly memoryLimitBytes: number;
  /** Extra time past the deadline before the process is stopped (ms, default the pool's 500). */
  readonly hardStopGraceMs?: number;
  /** RSS above which the process is stopped (bytes); default derived like a one-worker pool's. */
  readonly rssCapBytes?: number;
  /** How often RSS is sampled (ms, default the pool's 50). */
  readonly rssSampleMs?: number;
  /** The watchdog entry; defaults to watchdog-entry.ts, found both from source and in the binary. */
  readonly url?: string | URL;
  /**
   * Start the worker at the first {@link Watchdog.watch}, not now: for a command whose run may end
   * before it needs one (watched-run.ts `firstSlice`). The RSS cap is still derived now.
   */
  readonly deferred?: boolean;
}

/** A started watchdog, for one run. */
export interface Watchdog {
  /**
   * Arms both stops for a run that starts now with a time limit of `timeoutMs` (the hard stop
   * comes `hardStopGraceMs` after it, as in the pool). `report` gives, for the fault the pool would answer with, what the command
   * prints and its exit status: the watchdog writes exactly that and ends the process. Returns the
   * call that ends the watch once the run returned: true when the main thread still owns the
   * outcome, false when the watchdog already claimed it (the process is then ending).
   */
  watch(timeoutMs: number, report: (fault: EvalFault) => StopReport): () => boolean;
  /** Stops the worker, if it was started (the process may also just exit). */
  close(): void;
}

/**
 * Starts the watchdog worker, or returns null where it cannot end the process (an OS other than
 * Linux and macOS, see `workerCanEndProcess`); the caller then runs the program in the worker pool
 * instead.
 */
export function startWatchdog(options: WatchdogOptions): Watchdog | null {
  if (!workerCanEndProcess()) return null;
  let worker: Worker | null = null;
  const started = () => {
    worker ??= new Worker(options.url ?? defaultWatchdogUrl());
    return worker;
  };
  if (!options.deferred) started();
  const rssCap = options.rssCapBytes ?? rssCapBytes(1, options.memoryLimitBytes);
  const graceMs = options.hardStopGraceMs ?? HARD_STOP_GRACE_MS;
  return {
    watch(timeoutMs, report) {
      const shared = new SharedArrayBuffer(4);
      const state = new Int32Array(shared);
      const arm: ArmMessage = {
        type: "arm",
        state: shared,
        startedAt: Date.now(),
        hardStopMs: timeoutMs + graceMs,
        rssCapBytes: rssCap,
        rssSampleMs: options.rssSampleMs ?? RSS_SAMPLE_MS,
        timeout: report(hardStopFault(timeoutMs)),
        memory: report(memoryCapFault(RSS_MIB_MARK, rssCap)),
      };
      started().postMessage(arm);
      return () => Atomics.compareExchange(state, 0, RUN_STATE.running, RUN_STATE.finished) === RUN_STATE.running;
    },
    close() {
      worker?.terminate();
    },
  };
}

/** Where the watchdog entry lives: beside this module from source; in the binary under its repository path (build.ts). */
function defaultWatchdogUrl(): URL {
  const here = import.meta.url;
  return here.endsWith("/sandbox/watchdog.ts")
    ? new URL("./watchdog-entry.ts", here)
    : new URL("./src/sandbox/watchdog-entry.ts", Bun.pathToFileURL(Bun.main));
}
