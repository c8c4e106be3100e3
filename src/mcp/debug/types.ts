/**
 * Shapes shared by the `lisp_debug` recorder, ring, statistics and tool (mcp-debug.md). A stored
 * record is two things: a few index fields that `stats` aggregates without parsing anything, and
 * the redacted record itself, serialized once when the call ends (what `recent` and `get` return).
 * Serializing up front makes the ring's byte accounting exact and keeps stored records immutable.
 */

import type { TracePayloads } from "../../config/index.ts";
import type { TraceEnd, TraceStart } from "../trace.ts";

/** What a tool handler reported about its call through the tracer seam (absent for tools that do not trace). */
export interface CallFacts {
  start?: TraceStart;
  end?: TraceEnd;
  /** Id of the call's trace file, when `--trace-dir` is set. */
  traceId?: string | undefined;
}

/** One upstream call as `stats` counts it. */
export interface UpstreamOutcome {
  readonly server: string;
  readonly ok: boolean;
  /** Failure reason (`timeout`, `tool_error`, ...); null for a success. */
  readonly reason: string | null;
}

/**
 * What the planner of one `lisp_task` call reported (agentic-mode.md, its `planner` block): model,
 * turns, planner wall time in ms, and provider token counts when the provider sent them.
 */
export interface PlannerFacts {
  readonly model: string;
  readonly turns: number;
  readonly durationMs: number;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
}

/** Payload-reduction figures of one call (aggregator-mode.md "Payload reduction"). */
export interface ReductionFacts {
  /** UTF-8 bytes of the answer. */
  readonly finalResultBytes: number;
  /** UTF-8 bytes of successful, in-cap upstream results. */
  readonly upstreamResultBytes: number;
  /** `upstream / max(final, 1)` rounded to 2 places; null when either side is 0. */
  readonly ratio: number | null;
}

/** One record in the ring. */
export interface DebugEntry {
  /** `req_<n>`: unique within the process; what `get` takes. */
  readonly requestId: string;
  readonly tool: string;
  /**
   * The caller's owner key over HTTP (`authInfo.extra.owner`: `static`, `pat:<id>`, ...); null over
   * stdio. Used for filtering only, never shown.
   */
  readonly owner: string | null;
  /** Start time, epoch ms. */
  readonly startedMs: number;
  /** Wall time of the call as the server saw it, ms. */
  readonly durationMs: number;
  readonly ok: boolean;
  /** Error reason for a failed call (`args_error`, `busy`, `timeout`, ...); null on success. */
  readonly reason: string | null;
  readonly upstream: readonly UpstreamOutcome[];
  /** Present for calls that ran a program. */
  readonly reduction: ReductionFacts | null;
  /** Present for `lisp_task` calls whose result carries a `planner` block. */
  readonly planner: PlannerFacts | null;
  /** Trace file id (`--trace-dir`), else null. */
  readonly traceId: string | null;
  /** The redacted record, serialized. */
  readonly json: string;
  /** Bytes the ring charges for this entry (the serialized record plus a fixed overhead). */
  readonly bytes: number;
}

/** How records are redacted and bounded. */
export interface RecordPolicy {
  /** `--trace-payloads`: the most of program, context and result a record may keep. */
  readonly payloads: TracePayloads;
  /** The credential redactor: every free-text string of a record passes through it. */
  readonly scrub: (text: string) => string;
}
