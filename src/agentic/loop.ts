/**
 * The planner loop of one `lisp_task` (agentic-mode.md "Overview", "Turns and write safety";
 * docs/decisions/0014-agentic-planner.md):
 *
 * 1. Ask the planner (system prompt + task); its reply must hold one PTC-Lisp program.
 * 2. Run the program in the sandbox with a fresh upstream session, `data/constraints` in context.
 * 3. `(return v)` ends the task with `v` as the answer; `(fail e)` ends it with an error.
 * 4. Anything else — a parse, runtime or validation error, a program that ended without
 *    return/fail, an empty or prose reply — is fed back (scrubbed) as the next user message while
 *    turns remain (`max_turns + retry_turns` in all), unless the turn made a write-capable or
 *    unknown-effect upstream call: then the task ends at once (`write_blocked`).
 *
 * Time: every planner call has `--agentic-planner-timeout-ms`; the whole task
 * `--agentic-task-timeout-ms`, which also aborts a program still running. A planner
 * fault (HTTP error, 429, timeout, token cap) ends the task with its typed reason. Never throws.
 */

import type { Executor, ProgramLimits } from "../sandbox/index.ts";
import { type CallHost, describeFault, reasonOf, type UpstreamCallRecord } from "../mcp/index.ts";
import type { EffectLookup } from "./effects.ts";
import { extractProgram } from "./extract.ts";
import { classify } from "./providers.ts";
import { feedbackMessage, taskMessage } from "./prompt.ts";
import {
  type Planner,
  PlannerFault,
  type PlannerMessage,
  type PlannerReply,
  type TaskOutcome,
  type TaskReason,
  type TurnRecord,
} from "./types.ts";
import type { UpstreamScope } from "../config/index.ts";

/** Budgets of the loop (the `--agentic-*` flags of the same names). */
export interface LoopBudgets {
  readonly maxTurns: number;
  readonly retryTurns: number;
  readonly taskTimeoutMs: number;
  readonly plannerTimeoutMs: number;
  readonly maxOutputTokens: number;
}

/** What the loop needs; shared by every task of the process. */
export interface LoopDeps {
  readonly planner: Planner;
  readonly executor: Executor;
  readonly limits: ProgramLimits;
  /** A fresh host (upstream session) for one program run, limited to `allowedServers`. */
  readonly hostFor: (allowedServers: UpstreamScope) => CallHost;
  readonly effectOf: EffectLookup;
  /** Scrubs secrets from text sent to the planner. */
  readonly redact: (text: string) => string;
  readonly budgets: LoopBudgets;
}

/** One task to run. */
export interface TaskInput {
  readonly task: string;
  readonly constraints?: Readonly<Record<string, unknown>> | undefined;
  readonly system: string;
  readonly allowedServers: UpstreamScope;
  /** Client cancellation. */
  readonly signal?: AbortSignal | undefined;
}

/** Lines of prints quoted in feedback. */
const FEEDBACK_PRINT_LINES = 20;
/** Characters of a last value quoted when a program ended without return/fail. */
const FEEDBACK_VALUE_CHARS = 500;

/** Runs one task to its outcome. */
export async function runTask(input: TaskInput, deps: LoopDeps): Promise<TaskOutcome> {
  const { budgets, planner } = deps;
  const started = performance.now();
  const task = new AbortController();
  const deadline = setTimeout(
    () =>
      task.abort(
        new PlannerFault(
          "task_timeout",
          `the task took longer than ${budgets.taskTimeoutMs} ms (--agentic-task-timeout-ms)`,
        ),
      ),
    budgets.taskTimeoutMs,
  );
  const cancel = () => task.abort(new PlannerFault("cancelled", "the client cancelled the request"));
  if (input.signal?.aborted) cancel();
  input.signal?.addEventListener("abort", cancel, { once: true });

  const messages: PlannerMessage[] = [
    { role: "user", content: deps.redact(taskMessage(input.task, input.constraints)) },
  ];
  const transcript: { role: "system" | "user" | "assistant"; content: string }[] = [
    { role: "system", content: input.system },
    messages[0] as PlannerMessage,
  ];
  const calls: UpstreamCallRecord[] = [];
  const turns: TurnRecord[] = [];
  const tokens = { prompt: 0, completion: 0, reported: true, promptBytes: 0, completionBytes: 0 };
  let program: string | undefined;

  const finish = (status: "ok" | "error", answer: string, reason?: TaskReason): TaskOutcome => {
    clearTimeout(deadline);
    input.signal?.removeEventListener("abort", cancel);
    return {
      status,
      answer,
      ...(reason === undefined ? {} : { reason }),
      ...(program === undefined ? {} : { program }),
      upstreamCalls: calls,
      turns,
      transcript,
      planner: {
        model: planner.model,
        turns: turns.length,
        duration_ms: Math.round(performance.now() - started),
        ...(tokens.reported && turns.length > 0
          ? { prompt_tokens: tokens.prompt, completion_tokens: tokens.completion }
          : {}),
        prompt_bytes: tokens.promptBytes,
        completion_bytes: tokens.completionBytes,
      },
    };
  };

  const budget = budgets.maxTurns + budgets.retryTurns;
  for (let turn = 1; turn <= budget; turn++) {
    if (task.signal.aborted) return abortedOutcome(task.signal, finish);
    let reply: PlannerReply;
    tokens.promptBytes += bytes(input.system) + messages.reduce((n, m) => n + bytes(m.content), 0);
    try {
      reply = await callPlanner(planner, input.system, messages, budgets, task.signal);
    } catch (e) {
      const fault = e instanceof PlannerFault ? e : classify(e, task.signal);
      turns.push({ turn, outcome: fault.reason, upstream_calls: 0, effectful: false });
      return finish("error", deps.redact(fault.message), fault.reason);
    }
    tokens.completionBytes += bytes(reply.text);
    if (reply.promptTokens === undefined || reply.completionTokens === undefined) tokens.reported = false;
    else {
      tokens.prompt += reply.promptTokens;
      tokens.completion += reply.completionTokens;
    }
    transcript.push({ role: "assistant", content: reply.text });

    if (reply.finishReason === "length") {
      turns.push({ turn, outcome: "token_cap", upstream_calls: 0, effectful: false });
      return finish(
        "error",
        `the planner reply reached the ${budgets.maxOutputTokens}-token output cap (--agentic-max-output-tokens) before it ended`,
        "token_cap",
      );
    }
    const step = await runTurn(reply.text, input, deps, task.signal);
    if (step.program !== undefined) program = step.program;
    calls.push(...step.calls);
    const effectful = step.calls.some((c) => deps.effectOf(c.server, c.tool) !== "read");
    turns.push({
      turn,
      outcome: step.kind === "problem" ? step.reason : step.kind,
      upstream_calls: step.calls.length,
      effectful,
    });
    if (step.kind === "ok") return finish("ok", step.answer);
    if (step.kind === "fail") return finish("error", step.answer, "fail");
    if (task.signal.aborted) return abortedOutcome(task.signal, finish);
    const problem = deps.redact(step.problem);
    if (turn === budget) return finish("error", problem, step.reason);
    if (effectful) {
      return finish(
        "error",
        `${problem}\n\nNo further planner turn: this turn called a write-capable or unknown-effect upstream tool, so a retry could repeat its side effects.`,
        "write_blocked",
      );
    }
    const feedback = feedbackMessage(turn, problem);
    messages.push({ role: "assistant", content: reply.text }, { role: "user", content: feedback });
    transcript.push({ role: "user", content: feedback });
  }
  return finish("error", "no planner turn was allowed", "internal_error");
}

/** What one turn's program did. */
type TurnResult =
  | { kind: "ok"; answer: string; program: string; calls: UpstreamCallRecord[] }
  | { kind: "fail"; answer: string; program: string; calls: UpstreamCallRecord[] }
  | { kind: "problem"; reason: TaskReason; problem: string; program?: string; calls: UpstreamCallRecord[] };

/** Extracts and runs the program of one reply. */
async function runTurn(text: string, input: TaskInput, deps: LoopDeps, signal: AbortSignal): Promise<TurnResult> {
  if (text.trim() === "")
    return { kind: "problem", reason: "empty_reply", problem: "empty_reply: the reply was empty", calls: [] };
  const extracted = extractProgram(text);
  if (!extracted.ok)
    return { kind: "problem", reason: "no_program", problem: `no_program: ${extracted.reason}`, calls: [] };
  const program = extracted.program;
  const host = deps.hostFor(input.allowedServers);
  const outcome = await deps.executor
    .run({
      program,
      context: { constraints: input.constraints ?? {} },
      limits: deps.limits,
      host: host.handler,
      wantJson: true,
      signal,
    })
    .catch((e: unknown) => ({
      ok: false as const,
      error: { code: "internal_error" as const, message: `the sandbox failed: ${(e as Error).message}` },
      prints: [] as string[],
      durationMs: 0,
    }));
  const calls = [...(host.finish?.().upstreamCalls ?? [])];
  if (outcome.ok) {
    if (outcome.returned) return { kind: "ok", answer: answerText(outcome.json, outcome.text), program, calls };
    const value =
      outcome.text.length > FEEDBACK_VALUE_CHARS ? `${outcome.text.slice(0, FEEDBACK_VALUE_CHARS)}…` : outcome.text;
    return {
      kind: "problem",
      reason: "no_completion",
      problem: `no_completion: the program ended without (return ...) or (fail ...); its last value was ${value}${printsNote(outcome.prints)}`,
      program,
      calls,
    };
  }
  if (outcome.error.code === "fail") return { kind: "fail", answer: outcome.error.message, program, calls };
  return {
    kind: "problem",
    reason: reasonOf(outcome.error.code),
    problem: describeFault(outcome.error) + printsNote(outcome.prints),
    program,
    calls,
  };
}

/** One planner call under the per-call timeout and the task signal. */
async function callPlanner(
  planner: Planner,
  system: string,
  messages: readonly PlannerMessage[],
  budgets: LoopBudgets,
  taskSignal: AbortSignal,
): Promise<PlannerReply> {
  const call = new AbortController();
  const timer = setTimeout(
    () =>
      call.abort(
        new PlannerFault(
          "planner_timeout",
          `the planner did not answer within ${budgets.plannerTimeoutMs} ms (--agentic-planner-timeout-ms)`,
        ),
      ),
    budgets.plannerTimeoutMs,
  );
  const relay = () => call.abort(taskSignal.reason);
  taskSignal.addEventListener("abort", relay, { once: true });
  // Race the abort too, so a provider that ignores its signal cannot hold the task past its deadline.
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(call.signal.reason);
    call.signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([
      planner.complete({
        system,
        messages: [...messages],
        maxOutputTokens: budgets.maxOutputTokens,
        signal: call.signal,
      }),
      aborted,
    ]);
  } finally {
    clearTimeout(timer);
    taskSignal.removeEventListener("abort", relay);
    call.signal.removeEventListener("abort", onAbort);
  }
}

function abortedOutcome(
  signal: AbortSignal,
  finish: (s: "error", a: string, r: TaskReason) => TaskOutcome,
): TaskOutcome {
  const reason: unknown = signal.reason;
  const fault = reason instanceof PlannerFault ? reason : new PlannerFault("cancelled", "the request was cancelled");
  return finish("error", fault.message, fault.reason);
}

/** A returned string as is; any other value in Clojure notation. */
function answerText(json: unknown, text: string): string {
  return typeof json === "string" ? json : text;
}

function printsNote(prints: readonly string[]): string {
  if (prints.length === 0) return "";
  const shown = prints.slice(0, FEEDBACK_PRINT_LINES).join("\n");
  const more = prints.length > FEEDBACK_PRINT_LINES ? `\n… ${prints.length - FEEDBACK_PRINT_LINES} more line(s)` : "";
  return `\nprints:\n${shown}${more}`;
}

function bytes(s: string): number {
  return Buffer.byteLength(s, "utf8");
}
