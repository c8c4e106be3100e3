/**
 * MCP layer: server core, `lisp_eval`, response profiles. Knows nothing about transports.
 */

export {
  type CallFacts,
  type CallFactsSink,
  type CallReport,
  callFacts,
  reportingCall,
  upstreamTotals,
} from "./call-facts.ts";
export { type CallGate, createCallGate } from "./call-gate.ts";
export { type CallerScope, decodeCallerScope, encodeCallerScope, narrowScope } from "./caller-scope.ts";
export type { ExtraTool, ExtraToolAnnotations } from "./extra-tool.ts";
export { createDebugSuite, type DebugSuite, type DebugToolOptions } from "./debug/index.ts";
export { CONTEXT_PLACEHOLDER, type FrameText, rememberContextText, rememberFrameText } from "./frame-text.ts";
export { type CallHost, createLispEvalHandler, type InputCaps, type LispEvalDeps } from "./lisp-eval.ts";
export {
  type CallMeta,
  debugRenderer,
  OUTPUT_LIMITS,
  type OutputLimits,
  describeFault,
  type ResponseRenderer,
  reasonOf,
  rendererFor,
  slimRenderer,
  structuredRenderer,
  type ToolFault,
  type UpstreamCallRecord,
} from "./profiles/index.ts";
export {
  type ConnectionScope,
  createServerFactory,
  type ScopedServerFactory,
  type ServerCoreOptions,
  type ServerFactory,
} from "./server.ts";
export {
  createSessionService,
  type SessionService,
  type SessionServiceDeps,
} from "./sessions/service.ts";
export { type SessionSettings, sessionSettings } from "./sessions/settings.ts";
export { type SessionTool, sessionTools } from "./sessions/tools.ts";
export { languageCard, lispEvalDescription, lispSessionEvalDescription } from "./tool-description.ts";
export {
  type CallTrace,
  createFileTracer,
  type TraceEnd,
  type TraceOptions,
  type TraceStart,
  type FileTracer,
  type Tracer,
} from "./trace.ts";
export { type UpstreamBudgets, upstreamHostFor } from "./upstream-host.ts";
export { advertised, advertisedJson, LispEvalInputSchema, parseLispEvalInput } from "./tool-schema.ts";
