/**
 * Planner settings for in-process `lisp_task` tests: a resolvable model that is never called (the
 * tests hand `createAgentic` their own planner), one turn, no retries, programs in responses.
 */

import { type AgenticSettings, resolveModel } from "../../src/config/agentic-settings.ts";

/** The settings every in-process `lisp_task` test starts from. */
export const TEST_AGENTIC_SETTINGS: AgenticSettings = {
  model: resolveModel("openai:unused", { OPENAI_API_KEY: "k" }),
  taskTimeoutMs: 10_000,
  plannerTimeoutMs: 5_000,
  maxOutputTokens: 100,
  maxResultBytes: 4096,
  includeProgram: true,
  tracePrompts: false,
  maxTurns: 1,
  retryTurns: 0,
  allowWrites: false,
  promptPrefix: "",
  promptSuffix: "",
  summaryMaxBytes: 800,
  summaryText: null,
};
