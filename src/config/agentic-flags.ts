/**
 * The agentic-mode flags (agentic-mode.md "Configuration flags", mcp-server-configuration.md
 * "Core flags", the `--agentic*` rows): whether `lisp_task` is offered, which planner model writes
 * its programs, the planner's turn, time and token budgets, and what the response carries. They
 * join the main table in `flags.ts`; the cross-flag rules live in `agentic-settings.ts`.
 */

import * as v from "valibot";
import { BoolText, flag, NonNegativeIntText, PositiveIntText, SWITCH, lazyText } from "./flag-spec.ts";

const Text = lazyText(() => v.pipe(v.string(), v.trim()));

/** The planner model used when `--agentic-model` is not given (agentic-mode.md "Quick start"). */
export const DEFAULT_AGENTIC_MODEL = "gemini-flash-lite";

/** The agentic-mode flags, keyed by config field. */
export const AGENTIC_FLAGS = {
  agentic: flag(
    "agentic",
    BoolText,
    false,
    "offer the experimental lisp_task tool (a planner model writes the program) in aggregator mode",
    SWITCH,
  ),
  agenticModel: flag(
    "agentic-model",
    Text,
    DEFAULT_AGENTIC_MODEL,
    "planner model: an alias or provider:model (openrouter, openai, anthropic, google)",
  ),
  agenticTaskTimeoutMs: flag(
    "agentic-task-timeout-ms",
    PositiveIntText,
    45_000,
    "wall-clock cap for one lisp_task request, in ms",
  ),
  agenticPlannerTimeoutMs: flag(
    "agentic-planner-timeout-ms",
    PositiveIntText,
    15_000,
    "wall-clock cap for one planner model call, in ms",
  ),
  agenticMaxOutputTokens: flag("agentic-max-output-tokens", PositiveIntText, 1200, "planner output token cap per call"),
  agenticMaxResultBytes: flag(
    "agentic-max-result-bytes",
    PositiveIntText,
    4096,
    "largest answer in a lisp_task response, in bytes",
  ),
  agenticIncludeProgram: flag(
    "agentic-include-program",
    BoolText,
    true,
    "include the generated PTC-Lisp program in lisp_task responses (--no-agentic-include-program to leave it out)",
    SWITCH,
  ),
  agenticTracePrompts: flag(
    "agentic-trace-prompts",
    BoolText,
    false,
    "write planner prompts and replies into --trace-dir traces (local debugging only)",
    SWITCH,
  ),
  agenticMaxTurns: flag("agentic-max-turns", PositiveIntText, 1, "planner turns per lisp_task"),
  agenticRetryTurns: flag(
    "agentic-retry-turns",
    NonNegativeIntText,
    0,
    "extra planner turns after parse/runtime/validation feedback",
  ),
  agenticAllowWrites: flag(
    "agentic-allow-writes",
    BoolText,
    false,
    "permit lisp_task when the aggregator is not asserted read-only (--aggregator-read-only)",
    SWITCH,
  ),
  agenticSubagentConfig: flag(
    "agentic-subagent-config",
    Text,
    "",
    "JSON file with max_turns, retry_turns and system_prompt.prefix/suffix",
    { defaultText: "unset" },
  ),
  agenticCapabilitySummaryMaxBytes: flag(
    "agentic-capability-summary-max-bytes",
    PositiveIntText,
    800,
    "byte cap of the capability summary generated from the upstream catalog",
  ),
  agenticCapabilitySummary: flag(
    "agentic-capability-summary",
    Text,
    "",
    "file with an operator-written capability summary (replaces the generated one)",
    { defaultText: "unset" },
  ),
} as const;
