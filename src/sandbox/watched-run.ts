/**
 * An {@link Executor} for a one-shot command that runs its one program on the main thread, with
 * every limit the worker pool gives: the interpreter's own deadline, fuel and memory checks, and a
 * {@link Watchdog} thread for the two stops those cannot give (deadline + grace, and the RSS cap),
 * which end the process with the report the command would print. Saves the sandbox worker's start
 * (its VM, a second copy of the interpreter, its first collection) on the command's critical path.
 *
 * The memory budget counts what the program adds to the heap the command holds when the run
 * starts (a pool worker counts from its idle heap). That base is read from the collection
 * {@link startWatchdog} started, not from one made here: a first full collection costs more than
 * the rest of a short `eval`. A base read while that collection was still marking can only be
 * lower than the true one, which can only make the budget stricter; so a run that ends with
 * `memory_exceeded` is run once more from an exact base (a full collection then), and the answer
 * is the one an exact base gives. Programs are pure here (no host calls; prints are per run), so
 * the second run sees nothing of the first; it gets the full time limit again, as a first run does.
 *
 * With `firstSlice` (decision 0041), the run is first given that long without the watchdog,
 * under the JS engine's own time limit (`node:vm`'s `timeout`: JavaScriptCore's watchdog, which
 * ends the script at its next loop or call, past any `catch` or `finally`). Most programs end
 * within it, and then no watchdog worker is ever started (a deferred {@link startWatchdog}): its
 * thread, its VM and the main thread's share of starting it cost a short `eval` more than the
 * program does. A run cut short there is run again from the start on the slice's fallback, a fresh
 * pool worker, never again on this thread: the engine may have stopped it anywhere in the
 * interpreter's own code (half-way through evaluating a lazily loaded module such as re2js, or
 * through a cache update), so this thread's interpreter is not trusted with another run. Being
 * pure, the program answers there as a first run would, under the pool's limits counted from that
 * start; a runaway is stopped at most the slice (plus the worker's boot) later than with the
 * watchdog from the outset. What the slice gives up is the time and RSS stops *during* a single
 * native call (a JS builtin is ended by the engine) that starts within it and outlasts it.
 *
 * No host calls: a command with upstreams uses the pool, whose worker reaches them (host-channel.ts).
 */

import { runStateRestorer } from "../lisp/index.ts";
import type { EvalFault, EvalOutcome, EvalRequest, Executor } from "./executor.ts";
import { runNow } from "./in-process.ts";
import { collectHeap, createHeapProbe } from "./memory-probe.ts";
import type { StopReport, Watchdog } from "./watchdog.ts";

/** How long the main thread waits for a watchdog that has claimed the run to end the process (ms). */
const CLAIMED_WAIT_MS = 10_000;

/** The first slice `ptc-mcp eval` gives a run before it starts the watchdog (ms, wall time). */
export const FIRST_SLICE_MS = 50;

/** The first slice of {@link createWatchedExecutor} (see the file doc). */
export interface FirstSlice {
  /** How long a run may go without the watchdog (ms, wall time). */
  readonly ms: number;
  /** Makes the executor (a one-worker pool) that answers every run the slice cuts short; made once, on first need. */
  readonly fallback: () => Executor;
}

/** Options of {@link createWatchedExecutor}. */
export interface WatchedExecutorOptions {
  /** Run first for up to {@link FirstSlice.ms} without the watchdog; absent: armed from the start. */
  readonly firstSlice?: FirstSlice;
}

/**
 * Creates the executor over `watchdog` (see {@link startWatchdog}). `report` turns the fault of a
 * hard stop into what the command prints and its exit status ({@link Watchdog.watch}).
 * `close` stops the watchdog, and the fallback's executor if one was made.
 */
export function createWatchedExecutor(
  watchdog: Watchdog,
  report: (fault: EvalFault) => StopReport,
  options: WatchedExecutorOptions = {},
): Executor {
  let fallback: Executor | null = null;
  const attempt = (request: EvalRequest, heapBase: number): EvalOutcome => {
    const probe = createHeapProbe();
    probe.prime(heapBase);
    const finish = watchdog.watch(request.limits.timeoutMs, report);
    const outcome = runNow(request, probe);
    if (!finish()) {
      // The watchdog stopped the run as it returned and is writing its report: nothing more may
      // reach stdout, and the process ends from the other thread.
      for (let waited = 0; waited < CLAIMED_WAIT_MS; waited += 100) Bun.sleepSync(100);
    }
    return outcome;
  };
  return {
    async run(request) {
      if (request.host !== undefined) throw new Error("an in-process run cannot serve host calls");
      // First from a base of nothing: the command's own heap counts against the program, which
      // can only make the budget stricter. Only a run that then ends over budget pays for an exact
      // base (a full collection) and runs again from it.
      const slice = options.firstSlice;
      let outcome: EvalOutcome;
      if (slice === undefined) outcome = attempt(request, 0);
      else {
        const sliced = runSliced(request, slice.ms);
        if (sliced === null) {
          fallback ??= slice.fallback();
          return fallback.run(request);
        }
        outcome = sliced;
      }
      if (outcome.ok || outcome.error.code !== "memory_exceeded") return outcome;
      return attempt(request, collectHeap());
    },
    async close() {
      watchdog.close();
      await fallback?.close();
    },
  };
}

/** The global the sliced script calls: `node:vm` runs a script, not a function. */
const SLICED_RUN = Symbol.for("ptc-mcp.sliced-run");

/**
 * Runs `request` from a heap base of 0 for at most `ms` (wall time): its outcome, or null when the
 * engine's time limit cut it short (the interpreter's active run state is then put back as it was).
 */
function runSliced(request: EvalRequest, ms: number): EvalOutcome | null {
  const probe = createHeapProbe();
  probe.prime(0);
  const vm = process.getBuiltinModule("node:vm");
  const slot = globalThis as unknown as Record<symbol, (() => EvalOutcome) | undefined>;
  slot[SLICED_RUN] = () => runNow(request, probe);
  const restore = runStateRestorer();
  try {
    return vm.runInThisContext('globalThis[Symbol.for("ptc-mcp.sliced-run")]()', { timeout: ms }) as EvalOutcome;
  } catch (e) {
    if ((e as { code?: unknown }).code !== "ERR_SCRIPT_EXECUTION_TIMEOUT") throw e;
    restore();
    return null;
  } finally {
    slot[SLICED_RUN] = undefined;
  }
}
