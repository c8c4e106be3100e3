/**
 * Agentic layer: the `lisp_task` tool, where a planner model writes the PTC-Lisp program
 * (agentic-mode.md). It sits above the server core: it uses `mcp` (tool registration seam,
 * profiles), `sandbox` (the executor) and `upstream` (catalog types) through their interfaces,
 * and none of them import it. The composition root (`src/cli/agentic.ts`) wires it in.
 */

export { effectLookup, effectOfAnnotations } from "./effects.ts";
export { type Extracted, extractProgram } from "./extract.ts";
export { type LoopBudgets, type LoopDeps, runTask, type TaskInput } from "./loop.ts";
export { feedbackMessage, type SystemPromptParts, systemPrompt, taskMessage } from "./prompt.ts";
export { classify, createPlanner, routeSdkWarnings } from "./providers.ts";
export { type RenderOptions, renderTask, TASK_OUTPUT_SCHEMA } from "./render.ts";
export { type AgenticCatalog, type AgenticOptions, createAgentic } from "./setup.ts";
export { capabilitySummary, type SummaryServer, summaryFingerprint } from "./summary.ts";
export { createLispTaskTool, LispTaskInputSchema, lispTaskDescription, parseLispTaskInput } from "./tool.ts";
export type {
  Planner,
  PlannerMessage,
  PlannerReply,
  PlannerRequest,
  PlannerStats,
  TaskOutcome,
  TaskReason,
  ToolEffect,
  TurnRecord,
} from "./types.ts";
export { PlannerFault } from "./types.ts";
