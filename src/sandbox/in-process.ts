/**
 * Executor that evaluates on the calling thread. Limits are enforced cooperatively by the
 * interpreter (its clock and allocation checks), so a program cannot be stopped mid-builtin and a
 * long run blocks the event loop; the worker-pool executor of a later issue removes both caveats.
 */

import { evaluate, type LispError, printValue, toJson } from "../lisp/index.ts";
import type { EvalFault, EvalOutcome, EvalRequest, Executor } from "./executor.ts";

/** Creates the in-process {@link Executor}. */
export function createInProcessExecutor(): Executor {
  return {
    async run(request) {
      return runNow(request);
    },
    async close() {},
  };
}

/** Runs one request synchronously and converts the interpreter result into plain data. */
export function runNow(request: EvalRequest): EvalOutcome {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
  if (request.signal?.aborted) {
    return { ok: false, error: { code: "cancelled", message: "the call was cancelled before it started" }, prints: [], durationMs: 0 };
  }
  const { limits } = request;
  const result = evaluate(request.program, {
    context: request.context ?? null,
    limits: { timeoutMs: limits.timeoutMs, memoryLimitBytes: limits.memoryLimitBytes, loopLimit: limits.loopLimit },
  });
  if (!result.ok) return { ok: false, error: faultOf(result.error), prints: result.prints, durationMs: elapsed() };
  try {
    const text = printValue(result.value);
    const base = { ok: true as const, text, prints: result.prints, returned: result.returned };
    const outcome = request.wantJson ? { ...base, json: toJson(result.value) } : base;
    return { ...outcome, durationMs: elapsed() };
  } catch (e) {
    // Rendering is part of the run: a value that cannot be printed is reported, not thrown.
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: "runtime_error", message: `could not render the result: ${message}` }, prints: result.prints, durationMs: elapsed() };
  }
}

/** Copies the fields of a LispError into plain data. */
function faultOf(error: LispError): EvalFault {
  return { code: error.code, message: error.message, line: error.line, column: error.column, hint: error.hint };
}
