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
import type { FaultCode } from "../sandbox/index.ts";
import { reasonOf, type UpstreamCallRecord } from "./profiles/index.ts";

/** One finished tool call. Sizes are UTF-8 bytes. */
export interface CallFacts {
  readonly tool: string;
  /** `ok`, or for an `isError` result its reason (`args_error`, `busy`, `timeout`, …; `error` when unknown). */
  readonly outcome: string;
  readonly bytesIn: number;
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

const byteLength = (value: unknown): number =>
  value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");

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

/** The facts of a finished call of `tool` with `args` that answered `result`. */
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
    bytesIn: byteLength(args),
    bytesOut: byteLength(result),
    upstreamCalls: upstream.calls,
    upstreamBytes: upstream.bytes,
  };
}

/**
 * Runs one call of `tool` and hands its facts to `sink` (when there is one) once it has answered.
 * `run` gets a collector for the program's upstream calls (lisp_eval's `observe.upstream`).
 */
export async function reportingCall(
  sink: CallFactsSink | undefined,
  call: { readonly tool: string; readonly args: unknown; readonly era: "legacy" | "modern" },
  run: (upstream: (calls: readonly UpstreamCallRecord[] | undefined) => void) => Promise<CallToolResult>,
): Promise<CallToolResult> {
  const started = performance.now();
  let upstream: readonly UpstreamCallRecord[] | undefined;
  const result = await run((calls) => {
    upstream = calls;
  });
  if (sink !== undefined) {
    try {
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      sink(callFacts(call.tool, call.args, result, upstreamTotals(upstream), { durationMs, era: call.era }));
    } catch {
      // An audit failure never fails a call.
    }
  }
  return result;
}
