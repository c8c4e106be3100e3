/**
 * Sandbox layer: where programs run. The server uses {@link createWorkerPool}; one-shot commands
 * and tests use {@link createInProcessExecutor}. Host calls (aggregator mode) plug in as a
 * {@link HostHandler}, per pool or per request.
 */

export type {
  ContextText,
  EvalFailure,
  EvalFault,
  EvalOutcome,
  EvalRequest,
  EvalSuccess,
  Executor,
  FaultCode,
  HostCallContext,
  HostHandler,
  ProgramLimits,
  SchemaIssue,
} from "./executor.ts";
export { createWorkerBridge, serveHostCall, type WorkerBridgeOptions } from "./host-channel.ts";
export { createInProcessExecutor, runNow } from "./in-process.ts";
export { decodeContextText } from "./run-program.ts";
export {
  compileOutputSchema,
  type CompiledSchema,
  describeIssues,
  MAX_ISSUES,
  schemaShapeProblem,
} from "./output-schema.ts";
export { createWorkerPool, type PoolStats, type WorkerPool, type WorkerPoolOptions } from "./worker-pool.ts";
export { type StopReport, startWatchdog, type Watchdog, type WatchdogOptions } from "./watchdog.ts";
export { createWatchedExecutor, FIRST_SLICE_MS, type FirstSlice, type WatchedExecutorOptions } from "./watched-run.ts";
