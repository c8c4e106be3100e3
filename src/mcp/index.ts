/**
 * MCP layer: server core, `lisp_eval`, response profiles. Knows nothing about transports.
 */

export { type CallGate, createCallGate } from "./call-gate.ts";
export { type CallerScope, decodeCallerScope, encodeCallerScope, narrowScope } from "./caller-scope.ts";
export { type CallHost, createLispEvalHandler, type InputCaps, type LispEvalDeps } from "./lisp-eval.ts";
export {
  type CallMeta,
  debugRenderer,
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
export { lispEvalDescription } from "./tool-description.ts";
export {
  type CallTrace,
  createFileTracer,
  type TraceEnd,
  type TraceOptions,
  type TraceStart,
  type Tracer,
} from "./trace.ts";
export { type UpstreamBudgets, upstreamHostFor } from "./upstream-host.ts";
export { LispEvalInputSchema, parseLispEvalInput } from "./tool-schema.ts";
