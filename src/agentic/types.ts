/**
 * Shapes of agentic mode (agentic-mode.md): the planner seam the loop talks to, its typed faults,
 * and the outcome of one `lisp_task`. The planner is an interface so the loop can be driven by
 * any provider (src/agentic/providers.ts) and tested without one.
 */

import type { UpstreamCallRecord } from "../mcp/index.ts";

/** One message of the planner conversation after the system prompt. */
export interface PlannerMessage {
  readonly role: "user" | "assistant";
  readonly content: string;
}

/** One planner call. */
export interface PlannerRequest {
  readonly system: string;
  readonly messages: readonly PlannerMessage[];
  /** `--agentic-max-output-tokens`. */
  readonly maxOutputTokens: number;
  /** Aborts the call (per-call timeout, task deadline, client cancellation). */
  readonly signal: AbortSignal;
}

/** What a planner answered. Token counts only when the provider reports them. */
export interface PlannerReply {
  readonly text: string;
  /** The provider's finish reason, normalised: `stop`, `length` (token cap), `other`. */
  readonly finishReason: "stop" | "length" | "other";
  readonly promptTokens?: number | undefined;
  readonly completionTokens?: number | undefined;
}

/** A planner model. */
export interface Planner {
  /** `provider:model`, e.g. `openrouter:google/gemini-3.1-flash-lite`. */
  readonly model: string;
  /** @throws {PlannerFault} for every provider or transport failure */
  complete(request: PlannerRequest): Promise<PlannerReply>;
}

/**
 * Typed reasons a `lisp_task` ends with an error. The planner-side ones:
 * `provider_error` (HTTP 4xx/5xx or the provider unreachable), `rate_limited` (429, with the retry
 * hint in the message), `planner_timeout` (`--agentic-planner-timeout-ms`), `empty_reply`,
 * `no_program` (a reply with no PTC-Lisp in it), `token_cap` (`--agentic-max-output-tokens`
 * reached). Task-side: `task_timeout` (`--agentic-task-timeout-ms`), `cancelled`, `write_blocked`
 * (feedback refused after a write-capable or unknown-effect call), `no_completion` (the program
 * ended without `(return ...)` or `(fail ...)`), `fail` (the program called `fail`), `busy`,
 * `args_error`, and the interpreter's coarse reasons (`parse_error`, `runtime_error`, ...).
 */
export type TaskReason =
  | "provider_error"
  | "rate_limited"
  | "planner_timeout"
  | "empty_reply"
  | "no_program"
  | "token_cap"
  | "task_timeout"
  | "cancelled"
  | "write_blocked"
  | "no_completion"
  | "fail"
  | "busy"
  | "args_error"
  | "internal_error"
  | (string & {});

/** A planner failure, thrown by {@link Planner.complete}. */
export class PlannerFault extends Error {
  constructor(
    readonly reason: "provider_error" | "rate_limited" | "planner_timeout" | "task_timeout" | "cancelled",
    message: string,
    /** HTTP status of the provider's answer, when there was one. */
    readonly status?: number,
    /** The provider's retry hint in ms (429 `retry-after`), when given. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "PlannerFault";
  }
}

/** Planner facts of one task (the response's `planner` block). */
export interface PlannerStats {
  readonly model: string;
  /** Planner calls made. */
  readonly turns: number;
  /** Wall-clock time of the whole task, in ms. */
  readonly duration_ms: number;
  /** Summed over turns; present only when the provider reported every turn's count. */
  readonly prompt_tokens?: number;
  readonly completion_tokens?: number;
  /** UTF-8 bytes sent to and received from the planner, summed over turns. */
  readonly prompt_bytes: number;
  readonly completion_bytes: number;
}

/** One turn as the debug profile reports it. */
export interface TurnRecord {
  readonly turn: number;
  /** `ok`, or why the turn did not finish the task (a {@link TaskReason}). */
  readonly outcome: string;
  readonly upstream_calls: number;
  /** True when a write-capable or unknown-effect upstream call ran in this turn. */
  readonly effectful: boolean;
}

/** The outcome of one `lisp_task`. */
export interface TaskOutcome {
  readonly status: "ok" | "error";
  /** Human-readable answer (a returned string as is, other values in Clojure notation) or the error text. */
  readonly answer: string;
  readonly reason?: TaskReason;
  /** The last program the planner wrote (absent when it wrote none). */
  readonly program?: string;
  readonly upstreamCalls: readonly UpstreamCallRecord[];
  readonly planner: PlannerStats;
  readonly turns: readonly TurnRecord[];
  /** The conversation, for `--agentic-trace-prompts`. */
  readonly transcript: readonly { readonly role: "system" | "user" | "assistant"; readonly content: string }[];
}

/** The effect class of an upstream tool, from its MCP annotations. */
export type ToolEffect = "read" | "write" | "unknown";
