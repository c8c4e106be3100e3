/**
 * The transport-agnostic MCP server core: builds `McpServer` instances advertising `ptc_lisp` with
 * the `lisp_eval` tool. Transports call the factory once per connection (the SDK's stdio entry
 * also builds a throwaway instance for a `server/discover` probe), so process-wide state — the
 * executor and the concurrency gate — lives in the factory's closure, not in an instance.
 */

import { McpServer } from "@modelcontextprotocol/server";
import type { ResponseProfile } from "../config/flags.ts";
import type { Logger } from "../config/logger.ts";
import { MCP_SERVER_NAME, VERSION } from "../config/version.ts";
import type { Executor, ProgramLimits } from "../sandbox/executor.ts";
import { createCallGate } from "./call-gate.ts";
import { type CallHost, createLispEvalHandler, type InputCaps } from "./lisp-eval.ts";
import { rendererFor } from "./profiles/index.ts";
import { lispEvalDescription } from "./tool-description.ts";
import { advertised, advertisedJson, LispEvalInputSchema } from "./tool-schema.ts";

/** Everything the server core needs from its composition root. */
export interface ServerCoreOptions {
  readonly executor: Executor;
  readonly limits: ProgramLimits;
  readonly caps: InputCaps;
  /** `--max-concurrent-calls`. */
  readonly maxConcurrentCalls: number;
  /** `--response-profile`. */
  readonly profile: ResponseProfile;
  readonly logger: Logger;
  /** Host side of each call, for aggregator mode (see {@link LispEvalDeps.hostFor}). */
  readonly hostFor?: (() => CallHost) | undefined;
}

/** Builds a fresh, unconnected server instance; all instances share one executor and gate. */
export type ServerFactory = () => McpServer;

/**
 * Creates the server factory. The response profile decides the result shape and whether
 * `lisp_eval` advertises an `outputSchema` (`structured` and `debug` do, `slim` does not).
 */
export function createServerFactory(options: ServerCoreOptions): ServerFactory {
  const { renderer } = rendererFor(options.profile);
  const handler = createLispEvalHandler({
    executor: options.executor,
    limits: options.limits,
    caps: options.caps,
    gate: createCallGate(options.maxConcurrentCalls),
    renderer,
    logger: options.logger,
    hostFor: options.hostFor,
  });
  const inputSchema = advertised(LispEvalInputSchema);
  const outputSchema = renderer.outputSchema ? advertisedJson(renderer.outputSchema) : undefined;
  const description = lispEvalDescription(options.limits);

  return function createServer() {
    const server = new McpServer({ name: MCP_SERVER_NAME, version: VERSION }, { capabilities: { tools: { listChanged: false } } });
    server.registerTool(
      "lisp_eval",
      {
        title: "PTC-Lisp evaluator",
        description,
        inputSchema,
        ...(outputSchema ? { outputSchema } : {}),
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      (args, ctx) => handler(args, ctx.mcpReq.signal),
    );
    return server;
  };
}
