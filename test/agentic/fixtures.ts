/**
 * Fixtures for in-process `lisp_task` tests: planner settings whose model is never called (the
 * tests hand in their own planner), and a server factory offering `lisp_eval` and `lisp_task` over
 * the in-process executor, wired the way `start` wires them.
 */

import { createAgentic, type Planner } from "../../src/agentic/index.ts";
import { type AgenticSettings, resolveModel } from "../../src/config/agentic-settings.ts";
import { silentLogger } from "../../src/config/logger.ts";
import type { CallGate } from "../../src/mcp/call-gate.ts";
import type { CallHost } from "../../src/mcp/lisp-eval.ts";
import { createServerFactory } from "../../src/mcp/server.ts";
import { createInProcessExecutor } from "../../src/sandbox/in-process.ts";

/** The settings every in-process `lisp_task` test starts from: one turn, no retries. */
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

/** What a test varies in {@link agenticServerFactory}. */
export interface AgenticServerOptions {
  readonly planner: Planner;
  readonly hostFor: (allowed?: readonly string[] | null) => CallHost;
  readonly catalog: Parameters<typeof createAgentic>[0]["catalog"];
  readonly maxConcurrentCalls: number;
  /** The process gate shared by `lisp_eval` and `lisp_task`; each builds its own when absent. */
  readonly gate?: CallGate;
}

/** A server factory with `lisp_eval` and `lisp_task` (read-only aggregator, slim profile). */
export function agenticServerFactory(o: AgenticServerOptions): ReturnType<typeof createServerFactory> {
  const limits = { timeoutMs: 1000, memoryLimitBytes: 10 << 20, loopLimit: 1000 };
  const gate = o.gate === undefined ? {} : { gate: o.gate };
  const lispTask = createAgentic({
    settings: TEST_AGENTIC_SETTINGS,
    executor: createInProcessExecutor(),
    limits,
    hostFor: o.hostFor,
    catalog: o.catalog,
    redact: (t) => t,
    profile: "slim",
    logger: silentLogger,
    maxConcurrentCalls: o.maxConcurrentCalls,
    ...gate,
    maxUpstreamCallsPerProgram: 10,
    caps: { maxTaskBytes: 1000, maxConstraintsBytes: 1000 },
    aggregatorReadOnly: true,
    planner: o.planner,
  });
  return createServerFactory({
    executor: createInProcessExecutor(),
    limits,
    caps: { maxProgramBytes: 65536, maxContextBytes: 65536 },
    maxConcurrentCalls: o.maxConcurrentCalls,
    profile: "slim",
    logger: silentLogger,
    hostFor: o.hostFor,
    catalog: () => "",
    aggregatorReadOnly: true,
    extraTools: [lispTask],
    ...gate,
  });
}
