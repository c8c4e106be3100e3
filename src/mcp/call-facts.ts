/**
 * The facts of one tool call that an audit row keeps: which tool, how it ended, bytes in (the
 * `arguments` as JSON) and out (the `CallToolResult` as JSON), and, in aggregator mode, how many
 * upstream calls the program made and how many bytes of successful upstream answers it read. The
 * payload reduction an operator sees is `upstreamBytes / bytesOut` (what the program collapsed
 * into the answer the client got), as `ptc_metrics.payload_reduction_ratio` measures it for the
 * answer alone. The server core reports them per call to a {@link CallFactsSink}: the HTTP
 * transport's (through the caller scope) or the stdio composition root's.
 */

import type { CallToolResult } from "@modelcontextprotocol/server";
import { jsonDeeperThan } from "../lisp/index.ts";
import type { FaultCode } from "../sandbox/index.ts";
import { reasonOf, type UpstreamCallRecord } from "./profiles/index.ts";

/**
 * One finished tool call. Sizes are UTF-8 bytes; `bytesIn` of `lisp_eval` is the program plus the
 * context as JSON (what the caps measure), of other tools the arguments as JSON.
 */
export interface CallFacts {
  readonly tool: string;
  /** `ok`, or for an `isError` result its reason (`args_error`, `busy`, `timeout`, …; `error` when unknown). */
  readonly outcome: string;
  /** Null when the arguments were too deeply nested to measure (they were refused). */
  readonly bytesIn: number | null;
  readonly bytesOut: number;
  /** Upstream `tool/call`s the program made (0 outside aggregator mode). */
  readonly upstreamCalls: number;
  /** Bytes of the successful upstream answers it read. */
  readonly upstreamBytes: number;
  /** Wall-clock time of the call, in ms. */
  readonly durationMs: number;
  /** `modern` when the request carried a 2026-07-28 `_meta` envelope, else `legacy`. */
  readonly era: "legacy" | "modern";
}

/** Receives the facts of each finished call. Must not throw; the call's answer does not wait on it. */
export type CallFactsSink = (facts: CallFacts) => void;

/** Upstream calls and bytes of successful, not oversized answers (as `ptc_metrics` counts them). */
export function upstreamTotals(calls: readonly UpstreamCallRecord[] | undefined): {
  calls: number;
  bytes: number;
} {
  let bytes = 0;
  for (const c of calls ?? []) if (c.status === "ok" && !c.oversize) bytes += c.result_bytes ?? 0;
  return { calls: calls?.length ?? 0, bytes };
}

/**
 * The JSON size of `value`, or null when it is nested too deep to walk safely (a hostile
 * 100,000-deep argument is refused by its tool; measuring it must not overflow the stack).
 */
function byteLength(value: unknown): number | null {
  if (value === undefined) return 0;
  if (jsonDeeperThan(value)) return null;
  return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
}

/**
 * The outcome of a result: `ok`, or its reason as the structured profiles name it (`runtime_error`
 * for an `arithmetic_error`, `memory_limit`, `timeout`, `args_error`, `busy`, …), taken from its
 * `structuredContent` or, in the slim profile, from the `type:` its text starts with; `error`
 * when neither says.
 */
function outcomeOf(result: CallToolResult): string {
  if (!result.isError) return "ok";
  const reason = (result.structuredContent as { reason?: unknown } | undefined)?.reason;
  if (typeof reason === "string") return reason;
  const first = result.content[0];
  const type = first?.type === "text" ? /^([a-z_]{2,40}):/.exec(first.text)?.[1] : undefined;
  // An unknown type (another tool's) comes back unchanged.
  return type === undefined ? "error" : reasonOf(type as FaultCode);
}

/**
 * The facts of a finished call of `tool` with `args` (or their size in bytes, or null when not
 * measured) that answered `result`.
 */
export function callFacts(
  tool: string,
  args: unknown,
  result: CallToolResult,
  upstream: { calls: number; bytes: number } = { calls: 0, bytes: 0 },
  timing: { durationMs: number; era: "legacy" | "modern" } = { durationMs: 0, era: "legacy" },
): CallFacts {
  return {
    ...timing,
    tool,
    outcome: outcomeOf(result),
    bytesIn: typeof args === "number" ? args : args === null ? null : byteLength(args),
    bytesOut: byteLength(result) ?? 0,
    upstreamCalls: upstream.calls,
    upstreamBytes: upstream.bytes,
  };
}

/** What a tool handler may report while it runs (lisp_eval's `observe`). */
export interface CallReport {
  /** The program's upstream calls, once it has run. */
  upstream(calls: readonly UpstreamCallRecord[] | undefined): void;
  /**
   * The input's size as the handler already measured it (program + context JSON): spares a second
   * JSON pass over a large context, which would hold the main thread for every caller.
   */
  inputBytes(bytes: number): void;
}

/**
 * Runs one call of `tool` and hands its facts to `sink` (when there is one) once it has answered.
 * `run` gets the collectors of {@link CallReport}; without `inputBytes`, the arguments are
 * measured as JSON.
 */
export async function reportingCall(
  sink: CallFactsSink | undefined,
  call: {
    readonly tool: string;
    readonly args: unknown;
    readonly era: "legacy" | "modern";
    /** False: only `inputBytes` sizes the input (a refused lisp_eval argument is never walked). */
    readonly measureArgs?: boolean;
  },
  run: (observe: CallReport) => Promise<CallToolResult>,
): Promise<CallToolResult> {
  const started = performance.now();
  let upstream: readonly UpstreamCallRecord[] | undefined;
  let inputBytes: number | undefined;
  const result = await run({
    upstream: (calls) => {
      upstream = calls;
    },
    inputBytes: (n) => {
      inputBytes = n;
    },
  });
  if (sink !== undefined) {
    try {
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      const input = inputBytes ?? (call.measureArgs === false ? null : call.args);
      const facts = callFacts(call.tool, input, result, upstreamTotals(upstream), {
        durationMs,
        era: call.era,
      });
      sink(facts);
    } catch {
      // An audit failure never fails a call.
    }
  }
  return result;
}
