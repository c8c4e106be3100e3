/**
 * `ptc-mcp start`: the stdio MCP server (also what runs with no subcommand). Composition root:
 * config → logger → executor (the worker pool) → server core → stdio transport. Returns when
 * stdin reaches EOF, after stopping the workers (which cancels any call still running).
 * With `--http` the same core is served over Streamable HTTP instead (`start-http.ts`) until
 * SIGTERM/SIGINT and its drain.
 */

import { defineCommand } from "citty";
import { createLogger } from "../config/logger.ts";
import { createServerFactory } from "../mcp/server.ts";
import { createFileTracer } from "../mcp/trace.ts";
import { createWorkerPool } from "../sandbox/worker-pool.ts";
import { serveOverStdio } from "../transports/stdio.ts";
import { COMMAND_META } from "./commands.ts";
import { configArgs, configFromArgs } from "./config-args.ts";

export default defineCommand({
  meta: COMMAND_META.start,
  args: configArgs(),
  async run({ args, rawArgs }) {
    const config = configFromArgs(args, rawArgs);
    const http = config.http ? (await import("./start-http.ts")).prepareHttp(config) : null;
    const logger = createLogger(config.logLevel, http?.logSink);
    const executor = createWorkerPool({ size: config.maxConcurrentCalls, memoryLimitBytes: config.programMemoryLimitBytes, logger });
    const tracer = config.traceDir ? createFileTracer({ dir: config.traceDir, payloads: config.tracePayloads, maxFiles: config.traceMaxFiles }, logger) : undefined;
    const factory = createServerFactory({
      executor,
      limits: { timeoutMs: config.programTimeoutMs, memoryLimitBytes: config.programMemoryLimitBytes, loopLimit: config.loopLimit },
      caps: { maxProgramBytes: config.maxProgramBytes, maxContextBytes: config.maxContextBytes },
      maxConcurrentCalls: config.maxConcurrentCalls,
      profile: config.responseProfile,
      logger,
      tracer,
    });
    if (http) await http.serve(factory, logger);
    else await serveOverStdio({ factory, maxFrameBytes: config.maxFrameBytes, logger });
    await executor.close();
  },
});
