/**
 * The `lisp_eval` tool: validate the arguments, enforce the size caps and the concurrency gate, run
 * the program through the {@link Executor}, and render the outcome with the response profile.
 * Every user mistake comes back as an `isError` tool result (`args_error`, `busy`, the
 * interpreter's error type, `validation_error`), never as a JSON-RPC error or a crash.
 *
 * Logging: one `tool_call` line per call at debug level, with sizes, status and run time; the
 * program and a context preview are added only at debug level (mcp-server.md "Operator log
 * hygiene": info and above never carry program or context bodies). With a tracer, each call also
 * leaves a trace file (trace.ts).
 */

import type { CallToolResult } from "@modelcontextprotocol/server";
import type { Logger, UpstreamScope } from "../config/index.ts";
import { jsonDeeperThan, MAX_JSON_DEPTH } from "../lisp/index.ts";
import {
  decodeContextText,
  type Executor,
  type HostHandler,
  type ProgramLimits,
  schemaShapeProblem,
} from "../sandbox/index.ts";
import type { CallGate } from "./call-gate.ts";
import { isContextPlaceholder, takeFrameText } from "./frame-text.ts";
import { type CallMeta, type ResponseRenderer, reasonOf, type UpstreamCallRecord } from "./profiles/index.ts";
import type { CallProgress } from "./progress.ts";
import { parseLispEvalInput } from "./tool-schema.ts";
import type { CallTrace, Tracer } from "./trace.ts";

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
  /**
   * Builds the host side of one call (aggregator mode): its {@link HostHandler} and, once the run
   * is over, the facts the response reports (upstream calls). Absent: programs get no host calls.
   * Receives the caller's allowed upstream servers when the call is scoped (an HTTP token's
   * `--upstreams`), so other servers stay invisible to its discovery and calls.
   */
  readonly hostFor?: ((allowedServers?: UpstreamScope) => CallHost) | undefined;
  /** Writes per-call trace files (`--trace-dir`); absent = tracing off. */
  readonly tracer?: Tracer | undefined;
}

/** The host side of one `lisp_eval` call. */
export interface CallHost {
  readonly handler: HostHandler;
  /** Called after the run; its result is merged into the renderer's {@link CallMeta}. */
  readonly finish?: () => Partial<CallMeta>;
}

/**
 * How much longer than its frame a context's compact JSON can be: a number written `1e21` in the
 * frame serialises as `1e+21`. A frame of at most `--max-context-bytes` / this holds a context
 * within the cap, so its size needs no measuring.
 */
const FRAME_SLACK = 1.25;

/** What the caller of one run wants to hear about while and after it runs. */
export interface CallObservers {
  /** Hears of each finished upstream call (`notifications/progress`); stopped with the call. */
  readonly progress?: CallProgress | undefined;
  /** Receives the program's upstream calls once it has run (the audit's counts and bytes). */
  readonly upstream?: ((calls: readonly UpstreamCallRecord[] | undefined) => void) | undefined;
  /** Receives the program's and the context's bytes as measured for the caps (no second JSON pass). */
  readonly inputBytes?: ((bytes: number) => void) | undefined;
}

/** Context bytes shown in a debug log line. */
const LOG_CONTEXT_PREVIEW = 2048;

/**
 * Creates the handler. `raw` is the unvalidated `arguments` object of `tools/call`; `signal` aborts
 * when the client cancels the request (the pool then stops the program's worker); `allowedServers`
 * is the caller's upstream scope (null or absent: every configured upstream); `observe` hears of
 * each finished upstream call (progress.ts) and of the run's upstream calls (call-facts.ts).
 */
export function createLispEvalHandler(deps: LispEvalDeps) {
  const { renderer, logger } = deps;
  return async function lispEval(
    raw: unknown,
    signal?: AbortSignal,
    allowedServers?: UpstreamScope,
    traceMeta?: Readonly<Record<string, string>>,
    observe: CallObservers = {},
  ): Promise<CallToolResult> {
    const { progress } = observe;
    const parsed = parseLispEvalInput(raw);
    if (!parsed.ok) return refuse("args_error", parsed.reason);
    const { program, context, output_schema: outputSchema } = parsed.args;
    // Checked before anything recursive (JSON.stringify, the decoder) walks it: a 100,000-deep
    // context would overflow the stack after seconds of work on the main thread.
    if (context !== undefined && jsonDeeperThan(context))
      return refuse("args_error", `context is nested more than ${MAX_JSON_DEPTH} levels deep`);
    // The frame the context came in, when the transport kept it: the worker decodes the context
    // from that text, so it is not serialised again here unless its size needs measuring.
    const frame = context === undefined ? undefined : takeFrameText(context);
    const measured = frame === undefined || frame.bytes * FRAME_SLACK > deps.caps.maxContextBytes;
    const wantJson = context !== undefined && (measured || deps.tracer !== undefined);
    // A context cut out of its frame (`context` is then a placeholder) is decoded here only when its
    // JSON must be measured or traced; the transport checked its depth and syntax.
    const cut = frame?.context;
    // A placeholder whose bytes were not found (its object was copied on the way): never run on it.
    if (cut === undefined && context !== undefined && isContextPlaceholder(context))
      return renderer.failure({ code: "internal_error", message: "the context was lost on its way to the sandbox" });
    const contextJson = !wantJson ? undefined : JSON.stringify(cut ? decodeContextText(cut) : context);
    const trace = deps.tracer?.begin({
      tool: "lisp_eval",
      program,
      contextJson,
      outputSchema: outputSchema !== undefined,
      meta: traceMeta,
    });

    const programBytes = Buffer.byteLength(program, "utf8");
    if (programBytes > deps.caps.maxProgramBytes) {
      return refuse(
        "args_error",
        `program is ${programBytes} bytes, over the ${deps.caps.maxProgramBytes}-byte limit (--max-program-bytes)`,
        trace,
      );
    }
    const contextBytes = !measured || contextJson === undefined ? 0 : Buffer.byteLength(contextJson, "utf8");
    // Unmeasured, the context is within the cap and its frame (which also holds the program) is the
    // size the audit reports: no second JSON pass for the audit's sake.
    observe.inputBytes?.(measured ? programBytes + contextBytes : (frame?.bytes ?? programBytes));
    if (contextBytes > deps.caps.maxContextBytes) {
      return refuse(
        "args_error",
        `context is ${contextBytes} bytes as JSON, over the ${deps.caps.maxContextBytes}-byte limit (--max-context-bytes)`,
        trace,
      );
    }
    // Only a bounded shape check here: compiling and checking the schema are the program's work
    // and run in its worker, inside its time budget (a schema can cost as much as a program).
    const schemaProblem = outputSchema === undefined ? null : schemaShapeProblem(outputSchema);
    if (schemaProblem !== null)
      return refuse("args_error", `output_schema: not a usable JSON Schema: ${schemaProblem}`, trace);

    if (!deps.gate.tryEnter()) {
      logger.warn("tool_busy", { tool: "lisp_eval", in_flight: deps.gate.inFlight });
      return refuse(
        "busy",
        `${deps.gate.max} calls are already running (--max-concurrent-calls); try again shortly`,
        trace,
      );
    }
    const host = withProgress(deps.hostFor?.(allowedServers), progress);
    // A cancel frees the slot at once: the pool stops the program's worker in the same abort
    // dispatch, and a call that arrives right behind the cancel (same stdio read) must not be busy.
    let holding = true;
    const free = () => {
      if (!holding) return;
      holding = false;
      deps.gate.leave();
    };
    signal?.addEventListener("abort", free, { once: true });
    try {
      const outcome = await deps.executor.run({
        program,
        context,
        ...(cut ? { contextText: cut } : measured ? { contextJson } : { contextFrame: frame?.text }),
        limits: deps.limits,
        outputSchema,
        host: host?.handler,
        signal,
      });
      logger.debug("tool_call", {
        tool: "lisp_eval",
        program_bytes: programBytes,
        context_bytes: measured ? contextBytes : undefined,
        frame_bytes: frame?.bytes,
        status: outcome.ok ? "ok" : outcome.error.code,
        duration_ms: outcome.durationMs,
        program,
        context_preview: contextJson?.slice(0, LOG_CONTEXT_PREVIEW),
      });
      const meta: CallMeta = { validationRequested: outputSchema !== undefined, ...host?.finish?.() };
      const upstreamCalls = meta.upstreamCalls;
      observe.upstream?.(upstreamCalls);
      if (outcome.ok) {
        trace?.end({ status: "ok", result: outcome.text, prints: outcome.prints.length, upstreamCalls });
        return renderer.success(outcome, meta);
      }
      const { error } = outcome;
      trace?.end({
        status: reasonOf(error.code),
        errorType: error.code,
        message: error.message,
        result: outcome.text,
        prints: outcome.prints.length,
        upstreamCalls,
      });
      return renderer.failure(error, outcome.prints, { ...meta, resultText: outcome.text });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      logger.error("executor_failed", { tool: "lisp_eval", message });
      trace?.end({ status: "internal_error", message });
      return renderer.failure({ code: "internal_error", message: `the sandbox failed: ${message}` });
    } finally {
      progress?.stop();
      signal?.removeEventListener("abort", free);
      free();
    }
  };

  /** Answers a call that never reached the sandbox (`args_error`, `busy`). */
  function refuse(code: "args_error" | "busy", message: string, trace?: CallTrace): CallToolResult {
    if (code === "args_error") logger.debug("tool_call", { tool: "lisp_eval", status: code });
    trace?.end({ status: code, message });
    return renderer.failure({ code, message });
  }
}

/** `host` with each finished `tool.call` reported to `progress` (unchanged without one). */
function withProgress(host: CallHost | undefined, progress: CallProgress | undefined): CallHost | undefined {
  if (host === undefined || progress === undefined) return host;
  return {
    ...host,
    handler: async (op, payload, ctx) => {
      try {
        return await host.handler(op, payload, ctx);
      } finally {
        if (op === "tool.call") progress.upstreamCallDone();
      }
    },
  };
}
