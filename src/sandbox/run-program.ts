/**
 * Runs one program on the calling thread and turns the interpreter's result into plain data
 * ({@link EvalOutcome}): shared by the in-process executor and the worker entry, so both answer
 * exactly alike. Also decodes the context and applies `output_schema`.
 */

import {
  adoptJson,
  asLispError,
  type EvalResult,
  evaluate,
  evaluateInSession,
  fromJson,
  type HostBridge,
  type LispError,
  type MemoryProbe,
  PMap,
  printValue,
  type SessionEvalResult,
  toJson,
} from "../lisp/index.ts";
import {
  type ContextText,
  type EvalFault,
  type EvalOutcome,
  type EvalRequest,
  type SchemaIssue,
  SPARE_MAX_BYTES,
} from "./executor.ts";
import type { HeapProbe } from "./memory-probe.ts";
import { type CompiledSchema, compileOutputSchema, MAX_ISSUES, schemaFailure } from "./output-schema.ts";

/** The data part of an {@link EvalRequest}: what crosses to a worker. */
export type ProgramInput = Pick<
  EvalRequest,
  | "program"
  | "context"
  | "contextJson"
  | "contextFrame"
  | "contextText"
  | "limits"
  | "wantJson"
  | "outputSchema"
  | "session"
>;

/** What the host thread lends the run. */
export interface RunEnv {
  /** Heap reading for the memory budget (see memory-probe.ts); absent = charges only. */
  readonly probe?: HeapProbe | MemoryProbe | undefined;
  /** Host calls for aggregator-mode builtins. */
  readonly host?: HostBridge | null | undefined;
  /** Receives the run's charged bytes before each large allocation (see `RunLimits.reportCharged`). */
  readonly reportCharged?: ((totalBytes: number) => void) | undefined;
  /**
   * The input was handed to this thread and nothing else reads it (a worker's run message): the
   * context's bytes are released as soon as they are decoded (see {@link decodeContextText}).
   */
  readonly ownsInput?: boolean | undefined;
  /**
   * With {@link ownsInput}: receives the context's buffer once decoded, instead of it being
   * detached, when it holds at most {@link SPARE_MAX_BYTES} (the worker moves it back to the
   * transport; `ContextText.giveBack`). Either way the buffer is gone from this thread.
   */
  readonly giveBack?: ((buffer: ArrayBuffer) => void) | undefined;
  /**
   * Receives a large context's decoded text (Latin-1 only, so it costs one byte a character) to
   * keep alive past the run: the worker drops it just before its next run's collection, whose
   * decode then reuses that memory (worker-leftovers.ts). The run's baseline counts it, so the
   * program's budget is the same as when the text is garbage once parsed.
   */
  readonly retain?: ((text: string) => void) | undefined;
}

/** Contexts bigger than this (JSON bytes) move the heap baseline up by their decoded size. */
const CONTEXT_BASELINE_BYTES = 64 * 1024;
/**
 * Heap bytes per JSON byte of a decoded context. Decoded in place (decision 0017), records cost
 * about 2 (the parsed objects plus one map wrapper each) and an array of small numbers about 4
 * (8-byte slots for 2-byte elements). Rounded up: an overestimate only loosens the budget by a
 * little, an underestimate would charge the context to the program.
 */
const CONTEXT_HEAP_FACTOR = 5;

/** Runs `input` to completion. Never throws: every fault becomes an {@link EvalFailure}. */
export function runProgram(input: ProgramInput, env: RunEnv = {}): EvalOutcome {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
  const { limits } = input;
  const deadline = limits.timeoutMs > 0 ? started + limits.timeoutMs : Number.POSITIVE_INFINITY;
  // The schema is compiled here, in the program's worker and time budget, and before the program
  // runs, so an unusable one is refused without spending the run.
  const schema = input.outputSchema ? compileOutputSchema(input.outputSchema, deadline) : null;
  if (schema && !schema.ok) {
    const fault: EvalFault = {
      code: "args_error",
      message: `output_schema: not a usable JSON Schema: ${schema.reason}`,
    };
    return { ok: false, error: fault, prints: [], durationMs: elapsed() };
  }
  // Session bindings are decoded lazily during the run; like the context they are the program's
  // input, not its allocation, so their stored size raises the baseline the same way.
  const inputBytes =
    (input.contextText?.bytes.byteLength ?? input.contextFrame?.length ?? input.contextJson?.length ?? 0) +
    sessionBytes(input);
  const excluding = env.probe ? contextExclusion(env.probe, inputBytes) : null;
  let retained = 0;
  const retain =
    env.retain && excluding
      ? (text: string) => {
          retained = text.length;
          env.retain?.(text);
        }
      : undefined;
  const data = decodeContext(input, releaseOf(env), retain);
  if (!data.ok) return { ok: false, error: data.fault, prints: [], durationMs: elapsed() };
  excluding?.(retained);

  const options = {
    context: data.value,
    limits: {
      timeoutMs: limits.timeoutMs,
      memoryLimitBytes: limits.memoryLimitBytes,
      loopLimit: limits.loopLimit,
      memoryProbe: env.probe,
      reportCharged: env.reportCharged,
    },
    host: env.host ?? null,
  };
  const result: EvalResult | SessionEvalResult = input.session
    ? evaluateInSession(input.program, input.session, options)
    : evaluate(input.program, options);
  if (!result.ok) return { ok: false, error: faultOf(result.error), prints: result.prints, durationMs: elapsed() };
  try {
    // Rendering is part of the run: it spends the same time and memory budget.
    const text = result.within(() => printValue(result.value));
    const stored = input.session ? (result as Extract<SessionEvalResult, { ok: true }>) : null;
    const session = stored ? { written: stored.written, encodedResult: stored.encodedResult } : undefined;
    const base = {
      ok: true as const,
      text,
      prints: result.prints,
      returned: result.returned,
      ...(session && { session }),
    };
    if (!input.wantJson && !schema) return { ...base, durationMs: elapsed() };
    const json = result.within(() => toJson(result.value));
    const jsonBytes = Buffer.byteLength(JSON.stringify(json) ?? "null", "utf8");
    if (!schema) return { ...base, json, jsonBytes, durationMs: elapsed() };
    const verdict = validate(schema, json, deadline);
    if (verdict !== null) return { ok: false, error: verdict, text, prints: result.prints, durationMs: elapsed() };
    return { ...base, json, jsonBytes, validated: true, durationMs: elapsed() };
  } catch (e) {
    // A value that cannot be rendered within the limits is reported, not thrown.
    const error = asLispError(e);
    const fault: EvalFault =
      error.code === "timeout" || error.code === "memory_exceeded"
        ? faultOf(error)
        : { code: "runtime_error", message: `could not render the result: ${error.message}` };
    return { ok: false, error: fault, prints: result.prints, durationMs: elapsed() };
  }
}

/**
 * Keeps a big decoded context out of the program's budget without a garbage collection (which
 * would cost about half the decode): reads the heap before decoding, and returns the step to run
 * after it, which makes the run's baseline the larger of the heap then and the heap before plus
 * the context's estimated size (plus `retainedBytes`, a decoded text kept alive). Null for small
 * contexts, and for a probe that cannot be primed (the context then counts against the program).
 */
function contextExclusion(probe: HeapProbe | MemoryProbe, jsonBytes: number): ((retainedBytes: number) => void) | null {
  if (jsonBytes <= CONTEXT_BASELINE_BYTES || !("prime" in probe)) return null;
  const before = probe(false);
  return (retainedBytes) =>
    probe.prime(Math.max(probe(false), before + CONTEXT_HEAP_FACTOR * jsonBytes + retainedBytes));
}

/**
 * What is done with an owned context's buffer once decoded: handed to `env.giveBack` when small
 * enough, else detached; nothing (false) when the run does not own its input.
 */
function releaseOf(env: RunEnv): Release {
  if (env.ownsInput !== true) return false;
  const { giveBack } = env;
  if (giveBack === undefined) return true;
  return (buffer) => {
    if (buffer.byteLength <= SPARE_MAX_BYTES) giveBack(buffer);
    else buffer.transfer();
  };
}

/** See {@link decodeContextText}. */
type Release = boolean | ((buffer: ArrayBuffer) => void);

/** Characters of stored session text shipped with the run (bindings and `*1 *2 *3`). */
function sessionBytes(input: ProgramInput): number {
  if (!input.session) return 0;
  let n = 0;
  for (const text of Object.values(input.session.bindings)) n += text.length;
  for (const text of input.session.history) n += text.length;
  return n;
}

/**
 * The `data/` map: from the frame or JSON text when given (cheaper to ship across threads than
 * the object), else the object.
 */
function decodeContext(
  input: ProgramInput,
  release: Release,
  retain: ((text: string) => void) | undefined,
): { ok: true; value: PMap | null } | { ok: false; fault: EvalFault } {
  try {
    const { raw, owned } = rawContext(input, release, retain);
    if (raw === undefined || raw === null) return { ok: true, value: null };
    const value = owned ? adoptJson(raw) : fromJson(raw);
    if (!(value instanceof PMap))
      return { ok: false, fault: { code: "args_error", message: "context: expected a JSON object" } };
    return { ok: true, value };
  } catch (e) {
    return {
      ok: false,
      fault: { code: "args_error", message: `context: ${e instanceof Error ? e.message : String(e)}` },
    };
  }
}

/**
 * The context as decoded JSON, from the first of its forms the request carries (its bytes, its
 * frame's text, its JSON text, the object). `owned` when it was parsed here: its objects are then
 * ours alone and become the maps' storage in place.
 */
function rawContext(
  input: ProgramInput,
  release: Release,
  retain: ((text: string) => void) | undefined,
): { raw: unknown; owned: boolean } {
  if (input.contextText !== undefined)
    return { raw: decodeContextText(input.contextText, release, retain), owned: true };
  if (input.contextFrame !== undefined) {
    const frame = JSON.parse(input.contextFrame) as { params: { arguments: { context: unknown } } };
    return { raw: frame.params.arguments.context, owned: true };
  }
  if (input.contextJson !== undefined) return { raw: JSON.parse(input.contextJson), owned: true };
  return { raw: input.context, owned: false };
}

/**
 * Parses a {@link ContextText}; throws `SyntaxError` when its bytes are not JSON. With `release`
 * (the caller owns the bytes and will not read them again) their `ArrayBuffer` is detached once
 * decoded: the run's message still references it until the run ends, and detached, its memory
 * (a whole stdio line, decision 0025) can be freed by the next collection instead, before the
 * parse, adoption and program reach their peak. A function `release` is given the buffer
 * instead, to move it away itself (`RunEnv.giveBack`). `retain` receives the decoded text once
 * parsed, when it is Latin-1 (see `RunEnv.retain`).
 */
export function decodeContextText(
  context: ContextText,
  release: Release = false,
  retain?: (text: string) => void,
): unknown {
  const { bytes } = context;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = view.toString(context.ascii ? "latin1" : "utf8");
  const { buffer } = bytes;
  if (release !== false && buffer instanceof ArrayBuffer && !buffer.detached) {
    if (release === true) buffer.transfer();
    else release(buffer);
  }
  const parsed = JSON.parse(text);
  if (context.ascii) retain?.(text);
  return parsed;
}

/** `null` when `json` matches, else the `validation_error` (or `args_error` for a schema too costly to check). */
function validate(schema: CompiledSchema & { ok: true }, json: unknown, deadline: number): EvalFault | null {
  let issues: SchemaIssue[];
  try {
    issues = schema.check(json, deadline);
  } catch (e) {
    return { code: "args_error", message: `output_schema: ${schemaFailure(e)}` };
  }
  if (issues.length === 0) return null;
  const count = issues.length === 1 ? "1 mismatch" : `${issues.length} mismatches`;
  return {
    code: "validation_error",
    message: `the result does not match output_schema (${count})`,
    hint: "change the program so its result has the shape output_schema describes",
    issues: issues.slice(0, MAX_ISSUES),
  };
}

/** Copies the fields of a LispError into plain data. */
function faultOf(error: LispError): EvalFault {
  return { code: error.code, message: error.message, line: error.line, column: error.column, hint: error.hint };
}
