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
 * No host calls: a command with upstreams uses the pool, whose worker reaches them (host-channel.ts).
 */

import type { EvalFault, EvalOutcome, EvalRequest, Executor } from "./executor.ts";
import { runNow } from "./in-process.ts";
import { collectHeap, createHeapProbe } from "./memory-probe.ts";
import type { StopReport, Watchdog } from "./watchdog.ts";

/** How long the main thread waits for a watchdog that has claimed the run to end the process (ms). */
const CLAIMED_WAIT_MS = 10_000;

/**
 * Creates the executor over a started `watchdog` (see {@link startWatchdog}). `report` turns the
 * fault of a hard stop into what the command prints and its exit status ({@link Watchdog.watch}).
 * `close` stops the watchdog.
 */
export function createWatchedExecutor(watchdog: Watchdog, report: (fault: EvalFault) => StopReport): Executor {
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
      const outcome = attempt(request, 0);
      if (outcome.ok || outcome.error.code !== "memory_exceeded") return outcome;
      return attempt(request, collectHeap());
    },
    async close() {
      watchdog.close();
    },
  };
}
