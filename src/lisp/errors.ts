/**
 * Structured program errors (spec §12). Every fault a program can cause is a {@link LispError}
 * with a stable `code` (the spec's error-type atom, snake_case), a message that names the form,
 * and the 1-based `line`/`column` of the innermost form known when it was raised.
 */

/** Error types of spec §12.1, plus the sandbox's own limits. */
export type ErrorCode =
  | "parse_error"
  | "invalid_form"
  | "invalid_arity"
  | "type_error"
  | "arithmetic_error"
  | "arity_error"
  | "unbound_var"
  | "not_callable"
  | "runtime_error"
  | "loop_limit_exceeded"
  | "unknown_tool"
  | "tool_error"
  | "destructure_error"
  | "invalid_placeholder"
  | "unsupported_pattern"
  | "unsupported_method"
  | "timeout"
  | "memory_exceeded"
  | "stack_overflow"
  | "unstorable_value"
  | "fail";

/** A source position, 1-based. */
export interface Pos {
  line: number;
  column: number;
}

/** A program fault. Thrown inside the interpreter; reported to clients as structured data. */
export class LispError extends Error {
  line: number | undefined;
  column: number | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    pos?: Pos | null,
    /** A short suggestion for a recognisable LLM mistake. */
    public hint?: string,
    /** For `fail`: the program's failure value. */
    readonly payload?: unknown,
  ) {
    super(message);
    this.name = "LispError";
    this.line = pos?.line;
    this.column = pos?.column;
  }

  /** Attaches a position if the error has none yet (innermost form wins). */
  at(pos: Pos | null | undefined): this {
    if (pos && this.line === undefined) {
      this.line = pos.line;
      this.column = pos.column;
    }
    return this;
  }

  /** `message (line L, column C)` — the text shown to the model. */
  describe(): string {
    const where = this.line === undefined ? "" : ` (line ${this.line}, column ${this.column})`;
    const hint = this.hint ? `\nHint: ${this.hint}` : "";
    return `${this.code}: ${this.message}${where}${hint}`;
  }
}

/**
 * Converts anything thrown while evaluating into a LispError. A host error's own message names
 * interpreter internals (`ok is not a function`), so it never reaches the program's caller: a
 * stack overflow becomes `stack_overflow`, a string or array the host could not allocate
 * `memory_exceeded`, anything else a `runtime_error` that says only what kind of fault it was.
 */
export function asLispError(e: unknown): LispError {
  if (e instanceof LispError) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new LispError(
      "stack_overflow",
      "recursion too deep: the call stack overflowed",
      null,
      "use loop/recur or reduce instead of deep non-tail recursion",
    );
  }
  if (e instanceof RangeError && /out of memory|invalid (string|array) length|allocation/i.test(e.message)) {
    return new LispError(
      "memory_exceeded",
      "a string or collection grew past what the sandbox can hold",
      null,
      "build smaller intermediate values (filter before map, take before sort)",
    );
  }
  const kind = e instanceof RangeError ? "a value out of range" : "an argument of a type it cannot handle";
  return new LispError(
    "runtime_error",
    `the operation failed on ${kind}`,
    null,
    "check the types and ranges of the arguments of the call at this position",
  );
}
