/**
 * The seam between the MCP layer and wherever programs actually run: the worker pool of the server
 * (`createWorkerPool`, hard time and memory stops, host calls) or the calling thread
 * (`createInProcessExecutor`, for one-shot commands and tests).
 *
 * Outcomes are plain, structured-clone-safe data (strings, numbers, JSON values) rather than
 * interpreter values, so an executor on another thread can return them unchanged.
 */

import type { ErrorCode, SessionSnapshot } from "../lisp/index.ts";

/** Per-program limits. Units are in the field names. */
export interface ProgramLimits {
  /** Wall-clock budget in ms (`--program-timeout-ms`). */
  readonly timeoutMs: number;
  /** Approximate memory budget in bytes (`--program-memory-limit-bytes`). */
  readonly memoryLimitBytes: number;
  /** Max `recur` jumps per loop (`--loop-limit`, spec §5.16). */
  readonly loopLimit: number;
}

/** A context's JSON text (one JSON object, checked valid by whoever made it) as UTF-8 bytes. */
export interface ContextText {
  readonly bytes: Uint8Array;
  /** Every byte is ASCII, so Latin-1 decodes it (cheaper than UTF-8). */
  readonly ascii: boolean;
  /**
   * `bytes.buffer` holds nothing else anyone needs: an executor on another thread may move it
   * there (detaching it here) instead of copying it.
   */
  readonly transferable?: boolean | undefined;
  /**
   * Takes `bytes.buffer` back once the run has decoded the bytes (only with {@link transferable}):
   * the stdio transport gathers its next large line in that memory, already resident, instead of
   * fresh memory (decision 0040). A worker hands back a buffer of at most
   * {@link SPARE_MAX_BYTES} (it detaches a larger one, as without this); an executor on the
   * calling thread never calls it. Called at most once, on the main thread.
   */
  readonly giveBack?: ((buffer: ArrayBuffer) => void) | undefined;
}

/**
 * Largest context buffer (its committed bytes) a worker hands back through
 * {@link ContextText.giveBack}: a 100k-record context is ~10 MB, and memory kept for the next line
 * stays within the RSS backstop's headroom for transports (hard-stops.ts).
 */
export const SPARE_MAX_BYTES = 32 * 2 ** 20;

/** One program to run. */
export interface EvalRequest {
  /** PTC-Lisp source. */
  readonly program: string;
  /** Decoded JSON object exposed as `data/` (spec §9.3); `undefined` means empty. */
  readonly context?: Readonly<Record<string, unknown>> | undefined;
  /**
   * The same context already serialised as JSON. An executor on another thread sends this text
   * instead of cloning the object (a string copy is far cheaper than a structured clone).
   */
  readonly contextJson?: string | undefined;
  /**
   * The JSON-RPC `tools/call` frame the context arrived in, whose `params.arguments.context` is
   * the context (decision 0017): the executor decodes the context from this text, so the caller
   * need not serialise it again. Takes precedence over {@link contextJson}.
   */
  readonly contextFrame?: string | undefined;
  /**
   * The context's own JSON text as UTF-8 bytes, cut out of its frame by the transport (decision
   * 0025); takes precedence over the other context fields.
   */
  readonly contextText?: ContextText | undefined;
  readonly limits: ProgramLimits;
  /** Also render the result as JSON (`EvalSuccess.json`); off by default because it costs time. */
  readonly wantJson?: boolean;
  /**
   * JSON Schema the JSON form of the result must match (`output_schema`). A mismatch fails the run
   * with `validation_error` and {@link EvalFault.issues}; a match implies `wantJson`.
   */
  readonly outputSchema?: Readonly<Record<string, unknown>> | undefined;
  /**
   * A stateful-session eval (`lisp_session_eval`): the session's stored bindings and `*1 *2 *3`,
   * encoded by the value codec. The outcome then carries what the eval wrote ({@link EvalSuccess.session}).
   */
  readonly session?: SessionSnapshot | undefined;
  /** Serves the program's host calls (upstream tools in aggregator mode); overrides the executor's own. */
  readonly host?: HostHandler | undefined;
  /** Aborts the run (client cancellation). An executor that cannot interrupt checks it before starting. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Main-thread side of a host call made by a running program through `HostBridge.call`: performs
 * `op` (e.g. `tool.call`) with its JSON-compatible `payload` and resolves to a JSON-compatible
 * result. A rejection reaches the program as a `tool_error`; world faults (an upstream that
 * failed) should resolve to data instead.
 */
export type HostHandler = (op: string, payload: unknown, ctx: HostCallContext) => Promise<unknown>;

/** What a {@link HostHandler} learns about the call it serves. */
export interface HostCallContext {
  /** Aborts when the program ends first (time limit, cancellation, worker stopped). */
  readonly signal: AbortSignal;
  /** Identifies the program run; the same for every host call of one `lisp_eval`. */
  readonly runId: number;
}

/** One mismatch between a result and its `output_schema`. */
export interface SchemaIssue {
  /** Where in the result, as a JSON path such as `$.items[2].id` (`$` is the whole result). */
  readonly path: string;
  /** What the schema wanted there, e.g. `integer`, `one of "a", "b"`, `required property "sum"`. */
  readonly expected: string;
  /** What the result had, e.g. `string "42"`, `missing`. */
  readonly got: string;
}

/**
 * Every fault type a `lisp_eval` call can report: the interpreter's error types (spec §12), plus
 * those raised around the program — `args_error` (bad arguments, context or `output_schema`),
 * `validation_error` (result fails `output_schema`), `cancelled` (aborted run), `internal_error`
 * (the sandbox broke) and `busy` (the call gate is full, raised by src/mcp). Switches over it are
 * exhaustive, so a new code must be placed everywhere faults are rendered.
 */
export type FaultCode =
  | ErrorCode
  | "args_error"
  | "validation_error"
  | "cancelled"
  | "internal_error"
  | "busy"
  // Stateful sessions (`lisp_session_*`): refused before the program runs.
  | "session_not_found"
  | "session_busy"
  | "session_limit"
  // The state store (SQLite file or --store-url database) cannot be reached right now.
  | "store_unavailable";

/** A program fault in plain data (spec §12): the interpreter's error code, message and position. */
export interface EvalFault {
  /** Error type, e.g. `parse_error`, `type_error`, `timeout`, or `cancelled` for an aborted run. */
  readonly code: FaultCode;
  readonly message: string;
  /** 1-based source line, when known. */
  readonly line?: number | undefined;
  /** 1-based source column, when known. */
  readonly column?: number | undefined;
  /** A short repair suggestion, when the interpreter recognised the mistake. */
  readonly hint?: string | undefined;
  /** For `validation_error`: every mismatch found, in schema order. */
  readonly issues?: readonly SchemaIssue[] | undefined;
}

/** A finished program. */
export interface EvalSuccess {
  readonly ok: true;
  /** Readable rendering of the result (`printValue`), e.g. `{"east" 1200 "west" 30}`. */
  readonly text: string;
  /** JSON form of the result (`toJson`), present only when `wantJson` or `outputSchema` was set. */
  readonly json?: unknown;
  /** Size of `json` serialised as UTF-8 JSON, present with `json`. */
  readonly jsonBytes?: number;
  /** True when `outputSchema` was given and the result matched it. */
  readonly validated?: boolean;
  /** Lines printed with `println`, in order. */
  readonly prints: readonly string[];
  /** True when the program ended through `(return v)`. */
  readonly returned: boolean;
  /** Run time in ms (executor-measured). */
  readonly durationMs: number;
  /** Session evals only: the bindings written (name → encoded value) and the encoded result, null when unstorable. */
  readonly session?: { readonly written: Readonly<Record<string, string>>; readonly encodedResult: string | null };
}

/** A program that failed (bad syntax, runtime error, limit hit, `fail`, cancellation). */
export interface EvalFailure {
  readonly ok: false;
  readonly error: EvalFault;
  /** The readable result when the program finished but failed its `output_schema`. */
  readonly text?: string | undefined;
  /** Lines printed before the failure. */
  readonly prints: readonly string[];
  readonly durationMs: number;
}

/** What an executor reports for one request. */
export type EvalOutcome = EvalSuccess | EvalFailure;

/** Runs PTC-Lisp programs. Never rejects for program faults; a rejection means the executor itself broke. */
export interface Executor {
  run(request: EvalRequest): Promise<EvalOutcome>;
  /** Releases resources (workers); a no-op for the in-process executor. */
  close(): Promise<void>;
}
