/**
 * The `lisp_task` tool (agentic-mode.md): arguments `task` (words) and optional `constraints`
 * (a JSON object, readable by the program as `data/constraints`), run through the planner loop,
 * rendered by the response profile. It is an {@link ExtraTool} the server core registers beside
 * `lisp_eval`, so every server instance and connection scope gets it the same way.
 *
 * Argument faults are `args_error`; more tasks than `--max-concurrent-calls` at once get `busy`.
 * One `lisp_task` log line per call carries status, reason, turns, durations and counts — never
 * the task, program or answer (mcp-server.md "Operator log hygiene").
 */

import type { CallToolResult } from "@modelcontextprotocol/server";
import * as v from "valibot";
import type { Logger, UpstreamScope } from "../config/index.ts";
import {
  advertised,
  advertisedJson,
  type CallGate,
  type ExtraTool,
  type ExtraToolAnnotations,
  type Tracer,
} from "../mcp/index.ts";
import { type LoopDeps, runTask } from "./loop.ts";
import { type RenderOptions, renderTask, TASK_OUTPUT_SCHEMA } from "./render.ts";
import type { TaskOutcome } from "./types.ts";

/** Arguments of `lisp_task`. */
export const LispTaskInputSchema = v.strictObject({
  task: v.pipe(
    v.string("expected a string"),
    v.regex(/\S/, "expected a non-empty task"),
    v.description("the task in words, e.g. 'Read README.md and return the first 5 non-empty lines'"),
  ),
  constraints: v.optional(
    v.pipe(
      v.record(v.string(), v.unknown(), "expected a JSON object"),
      v.description(
        'optional JSON object of limits or preferences, e.g. {"max_items": 5}; the program reads it as data/constraints',
      ),
    ),
  ),
});

/** The prompts of one connection scope. */
export interface ScopePrompts {
  /** The planner's system prompt. */
  readonly system: string;
  /** The capability summary shown in the tool description. */
  readonly summary: string;
}

/** What the tool needs. */
export interface LispTaskDeps {
  readonly loop: LoopDeps;
  /** Prompts for the servers a caller may see (null = all); built once per scope by the caller. */
  readonly prompts: (allowedServers: UpstreamScope) => ScopePrompts;
  readonly render: RenderOptions;
  readonly gate: CallGate;
  readonly logger: Logger;
  readonly tracer?: Tracer | undefined;
  /** `--agentic-trace-prompts`. */
  readonly tracePrompts: boolean;
  /** `--max-program-bytes` caps the task, `--max-context-bytes` the constraints (as JSON). */
  readonly caps: { readonly maxTaskBytes: number; readonly maxConstraintsBytes: number };
  /** Advertised hints: read-only only when the aggregator is asserted read-only. */
  readonly annotations: ExtraToolAnnotations;
}

/** The `lisp_task` description for a capability summary. */
export function lispTaskDescription(summary: string): string {
  return `Hand over a task in words: a server-side planner model writes a PTC-Lisp program for it, the server runs the program in its sandbox against the upstream tools below, and you get back a short answer with the program it ran. Use lisp_eval instead when you can write the program yourself.

Arguments: task (what to do, in words), constraints (optional JSON object, e.g. {"max_items": 5}).

${summary}`;
}

/** Builds the tool. */
export function createLispTaskTool(deps: LispTaskDeps): ExtraTool {
  const inputSchema = advertised(LispTaskInputSchema);
  const outputSchema = deps.render.profile === "slim" ? undefined : advertisedJson(TASK_OUTPUT_SCHEMA);
  const refuse = (reason: "args_error" | "busy", message: string): CallToolResult =>
    renderTask(emptyOutcome(reason, message, deps.loop.planner.model), deps.render);

  return {
    name: "lisp_task",
    title: "PTC-Lisp task (planner)",
    description: (allowed) => lispTaskDescription(deps.prompts(allowed).summary),
    inputSchema,
    outputSchema,
    annotations: deps.annotations,
    async call(raw, signal, allowedServers, traceMeta) {
      const parsed = parseLispTaskInput(raw, deps.caps);
      if (!parsed.ok) return refuse("args_error", parsed.reason);
      if (!deps.gate.tryEnter()) {
        deps.logger.warn("tool_busy", { tool: "lisp_task", in_flight: deps.gate.inFlight });
        return refuse("busy", `${deps.gate.max} tasks are already running (--max-concurrent-calls); try again shortly`);
      }
      const { task, constraints } = parsed.args;
      const trace = deps.tracer?.begin({
        tool: "lisp_task",
        contextJson: JSON.stringify({ task, ...(constraints ? { constraints } : {}) }),
        meta: traceMeta,
      });
      try {
        const { system } = deps.prompts(allowedServers);
        const outcome = await runTask({ task, constraints, system, allowedServers, signal }, deps.loop);
        deps.logger.info("lisp_task", {
          status: outcome.status,
          reason: outcome.reason ?? null,
          model: outcome.planner.model,
          turns: outcome.planner.turns,
          duration_ms: outcome.planner.duration_ms,
          upstream_calls: outcome.upstreamCalls.length,
          prompt_tokens: outcome.planner.prompt_tokens ?? null,
          completion_tokens: outcome.planner.completion_tokens ?? null,
        });
        trace?.end({
          status: outcome.status === "ok" ? "ok" : (outcome.reason ?? "error"),
          ...(outcome.status === "error" ? { errorType: outcome.reason, message: outcome.answer } : {}),
          result: outcome.answer,
          program: outcome.program,
          upstreamCalls: outcome.upstreamCalls,
          prompts: deps.tracePrompts ? outcome.transcript : undefined,
        });
        return renderTask(outcome, deps.render);
      } finally {
        deps.gate.leave();
      }
    },
  };
}

/** Result of {@link parseLispTaskInput}. */
export type ParsedTaskInput =
  | { ok: true; args: v.InferOutput<typeof LispTaskInputSchema> }
  | { ok: false; reason: string };

/**
 * Validates raw `tools/call` arguments (a `null` `constraints` counts as absent).
 *
 * @returns the arguments, or a one-line reason such as `task: expected a string`
 */
export function parseLispTaskInput(
  raw: unknown,
  caps: { readonly maxTaskBytes: number; readonly maxConstraintsBytes: number },
): ParsedTaskInput {
  const input = isObject(raw) && raw.constraints === null ? { ...raw, constraints: undefined } : raw;
  if (isObject(input) && Array.isArray(input.constraints))
    return { ok: false, reason: "constraints: expected a JSON object" };
  const result = v.safeParse(LispTaskInputSchema, input ?? {});
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join(".") ?? "";
    if (path === "") return { ok: false, reason: "arguments: expected a JSON object" };
    if (issue.type === "strict_object")
      return {
        ok: false,
        reason:
          issue.input === undefined ? `${path}: required` : `${path}: unknown argument (known: task, constraints)`,
      };
    return { ok: false, reason: `${path}: ${issue.message}` };
  }
  const taskBytes = Buffer.byteLength(result.output.task, "utf8");
  if (taskBytes > caps.maxTaskBytes)
    return {
      ok: false,
      reason: `task is ${taskBytes} bytes, over the ${caps.maxTaskBytes}-byte limit (--max-program-bytes)`,
    };
  const c = result.output.constraints;
  const cBytes = c === undefined ? 0 : Buffer.byteLength(JSON.stringify(c), "utf8");
  if (cBytes > caps.maxConstraintsBytes)
    return {
      ok: false,
      reason: `constraints are ${cBytes} bytes as JSON, over the ${caps.maxConstraintsBytes}-byte limit (--max-context-bytes)`,
    };
  return { ok: true, args: result.output };
}

/** The outcome of a call refused before the planner ran. */
function emptyOutcome(reason: "args_error" | "busy", message: string, model: string): TaskOutcome {
  return {
    status: "error",
    answer: message,
    reason,
    upstreamCalls: [],
    turns: [],
    transcript: [],
    planner: { model, turns: 0, duration_ms: 0, prompt_bytes: 0, completion_bytes: 0 },
  };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
