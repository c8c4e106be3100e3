/**
 * MCP layer: server core, `lisp_eval`, response profiles. Knows nothing about transports.
 */

export { type CallGate, createCallGate } from "./call-gate.ts";
export { createLispEvalHandler, type InputCaps, type LispEvalDeps } from "./lisp-eval.ts";
export { describeFault, type ResponseRenderer, rendererFor, slimRenderer, type ToolFault } from "./profiles/index.ts";
export { createServerFactory, type ServerCoreOptions, type ServerFactory } from "./server.ts";
export { lispEvalDescription } from "./tool-description.ts";
export { LispEvalInputSchema, parseLispEvalInput } from "./tool-schema.ts";
