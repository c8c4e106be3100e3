/**
 * The `lisp_eval` tool: validate the arguments, enforce the size caps and the concurrency gate, run
 * the program through the {@link Executor}, and render the outcome with the response profile.
 * Every user mistake comes back as an `isError` tool result (`args_error`, `busy`, or the
 * interpreter's error type), never as a JSON-RPC error or a crash.
 */

import type { CallToolResult } from "@modelcontextprotocol/server";
import type { Logger } from "../config/logger.ts";
import type { Executor, ProgramLimits } from "../sandbox/executor.ts";
import type { CallGate } from "./call-gate.ts";
import type { ResponseRenderer } from "./profiles/index.ts";
import { parseLispEvalInput } from "./tool-schema.ts";

/** Byte caps checked before a program runs (`--max-program-bytes`, `--max-context-bytes`). */
export interface InputCaps {
  readonly maxProgramBytes: number;
  readonly maxContextBytes: number;
}

/** What the handler needs; shared by every server instance of the process. */
export interface LispEvalDeps {
  readonly executor: Executor;
  readonly limits: ProgramLimits;
  readonly caps: InputCaps;
  readonly gate: CallGate;
  readonly renderer: ResponseRenderer;
  readonly logger: Logger;
}

/**
 * Creates the handler. `raw` is the unvalidated `arguments` object of `tools/call`; `signal` aborts
 * when the client cancels the request.
 */
export function createLispEvalHandler(deps: LispEvalDeps) {
  const { renderer, logger } = deps;
  return async function lispEval(raw: unknown, signal?: AbortSignal): Promise<CallToolResult> {
    const parsed = parseLispEvalInput(raw);
    if (!parsed.ok) return argsError(parsed.reason);
    const { program, context } = parsed.args;

    const programBytes = Buffer.byteLength(program, "utf8");
    if (programBytes > deps.caps.maxProgramBytes) {
      return argsError(`program is ${programBytes} bytes, over the ${deps.caps.maxProgramBytes}-byte limit (--max-program-bytes)`);
    }
    const contextBytes = context === undefined ? 0 : Buffer.byteLength(JSON.stringify(context), "utf8");
    if (contextBytes > deps.caps.maxContextBytes) {
      return argsError(`context is ${contextBytes} bytes as JSON, over the ${deps.caps.maxContextBytes}-byte limit (--max-context-bytes)`);
    }

    if (!deps.gate.tryEnter()) {
      logger.warn("tool_busy", { tool: "lisp_eval", in_flight: deps.gate.inFlight });
      return renderer.failure({
        code: "busy",
        message: `${deps.gate.max} calls are already running (--max-concurrent-calls); try again shortly`,
      });
    }
    try {
      const outcome = await deps.executor.run({ program, context, limits: deps.limits, signal });
      logger.debug("tool_call", {
        tool: "lisp_eval",
        program_bytes: programBytes,
        context_bytes: contextBytes,
        status: outcome.ok ? "ok" : outcome.error.code,
        duration_ms: outcome.durationMs,
      });
      return outcome.ok ? renderer.success(outcome) : renderer.failure(outcome.error, outcome.prints);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      logger.error("executor_failed", { tool: "lisp_eval", message });
      return renderer.failure({ code: "internal_error", message: `the sandbox failed: ${message}` });
    } finally {
      deps.gate.leave();
    }
  };

  function argsError(message: string): CallToolResult {
    logger.debug("tool_call", { tool: "lisp_eval", status: "args_error" });
    return renderer.failure({ code: "args_error", message });
  }
}
