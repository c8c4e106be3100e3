/**
 * The seam between the MCP layer and wherever programs actually run. Today the only implementation
 * runs in-process ({@link createInProcessExecutor}); a worker-pool executor with hard time and
 * memory stops slots in behind the same interface later.
 *
 * Outcomes are plain, structured-clone-safe data (strings, numbers, JSON values) rather than
 * interpreter values, so an executor on another thread can return them unchanged.
 */

/** Per-program limits. Units are in the field names. */
export interface ProgramLimits {
  /** Wall-clock budget in ms (`--program-timeout-ms`). */
  readonly timeoutMs: number;
  /** Approximate memory budget in bytes (`--program-memory-limit-bytes`). */
  readonly memoryLimitBytes: number;
  /** Max `recur` jumps per loop (`--loop-limit`, spec §5.16). */
  readonly loopLimit: number;
}

/** One program to run. */
export interface EvalRequest {
  /** PTC-Lisp source. */
  readonly program: string;
  /** Decoded JSON object exposed as `data/` (spec §9.3); `undefined` means empty. */
  readonly context?: Readonly<Record<string, unknown>> | undefined;
  readonly limits: ProgramLimits;
  /** Also render the result as JSON (`EvalSuccess.json`); off by default because it costs time. */
  readonly wantJson?: boolean;
  /** Aborts the run (client cancellation). An executor that cannot interrupt checks it before starting. */
  readonly signal?: AbortSignal | undefined;
}

/** A program fault in plain data (spec §12): the interpreter's error code, message and position. */
export interface EvalFault {
  /** Error type, e.g. `parse_error`, `type_error`, `timeout`, or `cancelled` for an aborted run. */
  readonly code: string;
  readonly message: string;
  /** 1-based source line, when known. */
  readonly line?: number | undefined;
  /** 1-based source column, when known. */
  readonly column?: number | undefined;
  /** A short repair suggestion, when the interpreter recognised the mistake. */
  readonly hint?: string | undefined;
}

/** A finished program. */
export interface EvalSuccess {
  readonly ok: true;
  /** Readable rendering of the result (`printValue`), e.g. `{"east" 1200 "west" 30}`. */
  readonly text: string;
  /** JSON form of the result (`toJson`), present only when `wantJson` was set. */
  readonly json?: unknown;
  /** Lines printed with `println`, in order. */
  readonly prints: readonly string[];
  /** True when the program ended through `(return v)`. */
  readonly returned: boolean;
  /** Run time in ms (executor-measured). */
  readonly durationMs: number;
}

/** A program that failed (bad syntax, runtime error, limit hit, `fail`, cancellation). */
export interface EvalFailure {
  readonly ok: false;
  readonly error: EvalFault;
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
