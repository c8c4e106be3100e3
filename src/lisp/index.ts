/**
 * Public surface of the PTC-Lisp interpreter. This folder imports nothing outside itself (no MCP,
 * HTTP, storage, npm packages or host modules) — enforced by test/architecture.test.ts.
 *
 * ```ts
 * const r = evaluate('(->> data/orders (filter :paid) (sum-by :total))', { context: { orders } });
 * if (r.ok) console.log(printValue(r.value)); else console.log(r.error.describe());
 * ```
 */

import { type CompiledProgram, compileProgram } from "./compiler/index.ts";
import { asLispError, type LispError } from "./errors.ts";
import { fromJson } from "./json.ts";
import { DEFAULT_LIMITS, type HostBridge, type RunLimits, RunState, withRun } from "./runtime.ts";
import { PMap, type Value } from "./values/index.ts";

export { asLispError, LispError, type ErrorCode, type Pos } from "./errors.ts";
export { adoptJson, fromJson, jsonDeeperThan, MAX_JSON_DEPTH, toJson } from "./json.ts";
export { printValue, printStr } from "./printer.ts";
export { re2js } from "./builtins/regex-engine.ts";
export type {
  HostFault,
  HostOp,
  HostOps,
  HostPayload,
  HostReply,
  HostRequest,
  HostResult,
  ToolCallResult,
} from "./host-ops.ts";
export { DEFAULT_LIMITS, type HostBridge, type MemoryProbe, type RunLimits, runStateRestorer } from "./runtime.ts";
export type { Value } from "./values/index.ts";
export { PMap };
export { decodeValue, encodePreview, encodeValue, previewStored, UnstorableValue } from "./codec.ts";
export { type CallableNames, callableNames } from "./names.ts";
export { evaluateInSession, HISTORY_NAMES, type SessionEvalResult, type SessionSnapshot } from "./session.ts";

/** Options for one evaluation. */
export interface EvalOptions {
  /** The `data/` namespace (spec §9.3): decoded JSON (string keys) or an already-built map. */
  context?: Record<string, unknown> | PMap | null;
  /** Limits; missing fields take {@link DEFAULT_LIMITS}. */
  limits?: Partial<RunLimits>;
  /** Host bridge for `tool/call` and discovery (aggregator mode). */
  host?: HostBridge | null;
}

/** Most recently used compiled programs by source text; agents often resend the same program. */
const cache = new Map<string, CompiledProgram>();
const CACHE_ENTRIES = 128;
const CACHE_MAX_SOURCE = 16 * 1024;

/**
 * Compiles `program`, reusing an earlier compilation of the same text. Safe because a compiled
 * program keeps no state between runs: globals, run state and context are passed to each run, and
 * its constants are immutable values.
 */
function compileCached(program: string): CompiledProgram {
  const hit = cache.get(program);
  if (hit !== undefined) {
    cache.delete(program);
    cache.set(program, hit);
    return hit;
  }
  const compiled = compileProgram(program);
  if (program.length <= CACHE_MAX_SOURCE) {
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(program, compiled);
  }
  return compiled;
}

/** Outcome of {@link evaluate}: the value of the last top-level form, or the structured error. */
export type EvalResult =
  | {
      ok: true;
      value: Value;
      prints: string[];
      returned: boolean;
      /**
       * Runs `f` (printing or converting the result) under what is left of this evaluation's time
       * and memory budget, so rendering a value that shares its structure answers the limits too.
       * Throws the LispError (`timeout`, `memory_exceeded`) that stopped `f`.
       */
      within<T>(f: () => T): T;
    }
  | { ok: false; error: LispError; prints: string[] };

/**
 * Reads, analyzes and runs a whole program (several top-level forms run with implicit `do`).
 * Never throws for program faults: parse errors, runtime errors, `fail`, time and memory limits
 * all come back as `{ ok: false, error }`. `(return v)` yields `{ ok: true, returned: true }`.
 */
export function evaluate(program: string, opts: EvalOptions = {}): EvalResult {
  const limits: RunLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const state = new RunState(limits, opts.host ?? null);
  return withRun(state, () => {
    try {
      const ctx = opts.context;
      const data = ctx instanceof PMap ? ctx : ctx == null ? PMap.empty() : (fromJson(ctx) as PMap);
      const compiled = compileCached(program);
      const out = compiled.run(data);
      const within = <T>(f: () => T): T => withRun(state, f);
      return { ok: true as const, value: out.value, prints: state.prints, returned: out.returned, within };
    } catch (e) {
      return { ok: false as const, error: asLispError(e), prints: state.prints };
    }
  });
}
