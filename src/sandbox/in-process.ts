/**
 * Executor that evaluates on the calling thread: for one-shot commands (`ptc-mcp eval`) and tests.
 * Limits are enforced cooperatively by the interpreter (its clock and memory checks), so a program
 * cannot be stopped mid-builtin, a long run blocks the event loop, and host calls are not
 * available; the server uses the worker pool (worker-pool.ts), which removes all three caveats.
 */

import type { EvalOutcome, EvalRequest, Executor } from "./executor.ts";
import { createHeapProbe } from "./memory-probe.ts";
import { runProgram } from "./run-program.ts";

/** Creates the in-process {@link Executor}. */
export function createInProcessExecutor(): Executor {
  const probe = createHeapProbe();
  return {
    async run(request) {
      return runNow(request, probe);
    },
    async close() {},
  };
}

/** Runs one request synchronously; a request already aborted is answered `cancelled` without running. */
export function runNow(request: EvalRequest, probe = createHeapProbe()): EvalOutcome {
  if (request.signal?.aborted) {
    return {
      ok: false,
      error: { code: "cancelled", message: "the call was cancelled before it started" },
      prints: [],
      durationMs: 0,
    };
  }
  return runProgram(request, { probe });
}
