/**
 * `lisp_task` results by response profile (agentic-mode.md "Quick start": `status`, `answer`,
 * `program`, `upstream_calls`, `planner`; mcp-server-configuration.md "Response profiles"):
 *
 * - `slim`: text only — the answer (or `reason: message`), then `program:` and the program unless
 *   `--agentic-include-program=false`; `isError` on error.
 * - `structured`: the same text plus `structuredContent` `{status, answer, reason?, program?,
 *   upstream_calls: [{server, tool, status, reason?}], planner: {model, turns, duration_ms,
 *   prompt_tokens?, completion_tokens?}}` and an `outputSchema`.
 * - `debug`: everything — full call records, planner bytes, per-turn outcomes and
 *   `ptc_metrics.server_side_llm` (aggregator-mode.md "lisp_task planner cost") — mirrored as JSON.
 *
 * The answer is capped by `--agentic-max-result-bytes` (and the profile's result cap), the program
 * by the profile's feedback cap; both say how long they were when cut.
 */

import type { CallToolResult } from "@modelcontextprotocol/server";
import type { ResponseProfile } from "../config/index.ts";
import { OUTPUT_LIMITS } from "../mcp/index.ts";
import { capBytes } from "./summary.ts";
import type { TaskOutcome } from "./types.ts";

/** How results are shaped (boot-time settings). */
export interface RenderOptions {
  readonly profile: ResponseProfile;
  readonly maxAnswerBytes: number;
  readonly includeProgram: boolean;
}

/** Ledger entries kept in a structured / debug response. */
const MAX_LEDGER = { slim: 0, structured: 50, debug: 200 } as const;

/** The `outputSchema` of `structured` and `debug`. */
export const TASK_OUTPUT_SCHEMA: Readonly<Record<string, unknown>> = {
  type: "object",
  properties: {
    status: { type: "string", enum: ["ok", "error"] },
    answer: { type: "string" },
    reason: { type: "string" },
    program: { type: "string" },
    upstream_calls: { type: "array", items: { type: "object" } },
    planner: {
      type: "object",
      properties: {
        model: { type: "string" },
        turns: { type: "integer" },
        duration_ms: { type: "integer" },
        prompt_tokens: { type: "integer" },
        completion_tokens: { type: "integer" },
      },
      required: ["model", "turns", "duration_ms"],
    },
  },
  required: ["status", "answer", "upstream_calls", "planner"],
};

/** Renders a finished task. */
export function renderTask(outcome: TaskOutcome, options: RenderOptions): CallToolResult {
  const limits = OUTPUT_LIMITS[options.profile];
  const answer = capped(outcome.answer, Math.min(options.maxAnswerBytes, limits.maxResultBytes), "answer");
  const program =
    options.includeProgram && outcome.program !== undefined
      ? capped(outcome.program, limits.maxFeedbackBytes, "program")
      : undefined;
  const isError = outcome.status === "error";
  const headline = isError ? `${outcome.reason ?? "error"}: ${answer}` : answer;
  const text = [{ type: "text" as const, text: headline }];
  if (program !== undefined) text.push({ type: "text", text: `program:\n${program}` });
  if (options.profile === "slim") return isError ? { isError, content: text } : { content: text };

  const full = options.profile === "debug";
  const ledger = outcome.upstreamCalls.slice(0, MAX_LEDGER[options.profile]);
  const payload: Record<string, unknown> = {
    status: outcome.status,
    answer,
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    ...(program === undefined ? {} : { program }),
    upstream_calls: full
      ? ledger
      : ledger.map((c) => ({
          server: c.server,
          tool: c.tool,
          status: c.status,
          ...(c.reason ? { reason: c.reason } : {}),
        })),
    planner: full ? outcome.planner : compactPlanner(outcome.planner),
  };
  if (outcome.upstreamCalls.length > ledger.length) payload.upstream_calls_truncated = outcome.upstreamCalls.length;
  if (full) {
    payload.turns = outcome.turns;
    payload.ptc_metrics = { server_side_llm: serverSideLlm(outcome) };
  }
  const content = full ? [{ type: "text" as const, text: JSON.stringify(payload) }] : text;
  return isError ? { isError, structuredContent: payload, content } : { structuredContent: payload, content };
}

function compactPlanner(p: TaskOutcome["planner"]): Record<string, unknown> {
  const { model, turns, duration_ms, prompt_tokens, completion_tokens } = p;
  return {
    model,
    turns,
    duration_ms,
    ...(prompt_tokens === undefined ? {} : { prompt_tokens, completion_tokens }),
  };
}

/** The planner cost line item: bytes always, provider token counts when reported, else byte/4 estimates. */
function serverSideLlm(outcome: TaskOutcome): Record<string, unknown> {
  const p = outcome.planner;
  const reported = p.prompt_tokens !== undefined;
  return {
    prompt_bytes: p.prompt_bytes,
    completion_bytes: p.completion_bytes,
    provider_reported: reported,
    prompt_tokens: reported ? p.prompt_tokens : null,
    completion_tokens: reported ? p.completion_tokens : null,
    estimated_prompt_tokens: Math.ceil(p.prompt_bytes / 4),
    estimated_completion_tokens: Math.ceil(p.completion_bytes / 4),
    token_estimate: "utf8_bytes_div_4",
  };
}

function capped(text: string, max: number, what: string): string {
  const size = Buffer.byteLength(text, "utf8");
  if (size <= max) return text;
  const note = `\n… [${what} truncated: ${size} bytes in total]`;
  return capBytes(text, Math.max(0, max - Buffer.byteLength(note, "utf8"))) + note;
}
