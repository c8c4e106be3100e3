/**
 * `ptc-mcp start`: the stdio MCP server (also what runs with no subcommand). Composition root:
 * config → logger → upstreams (aggregator mode) → executor (the worker pool) → server core →
 * stdio transport. Returns when stdin reaches EOF, after stopping the workers (which cancels any
 * call still running) and the upstreams.
 * With `--http` the same core is served over Streamable HTTP instead (`start-http.ts`) until
 * SIGTERM/SIGINT and its drain.
 */

import { defineCommand } from "citty";
import { createLogger } from "../config/index.ts";
import { createFileTracer, createServerFactory } from "../mcp/index.ts";
import { createWorkerPool } from "../sandbox/index.ts";
import { serveOverStdio } from "../transports/index.ts";
import { locateUpstreamsConfig, Redactor, scrubbingSink } from "../upstream/index.ts";
import { COMMAND_META } from "./commands.ts";
import { configArgs, configFromArgs } from "./config-args.ts";
import { programBounds } from "./program-bounds.ts";

export default defineCommand({
  meta: COMMAND_META.start,
  args: configArgs(),
  async run({ args, rawArgs }) {
    const flags = configFromArgs(args, rawArgs);
    const http = flags.http ? (await import("./start-http.ts")).prepareHttp(flags) : null;
    // Upstream credentials are registered here as they are resolved; every log line is scrubbed of them.
    const secrets = new Redactor();
    const logger = createLogger(flags.logLevel, scrubbingSink(secrets, http?.logSink));
    // Aggregator mode: every upstream starts and is listed before serving, so a broken one stops the boot.
    // The upstream runtime (SDK clients, OpenAPI) loads only when an upstreams file exists: plain mode boots faster.
    const hasUpstreams = mayHaveUpstreams(flags.upstreamsConfig);
    const aggregator = hasUpstreams
      ? await (await import("./upstreams.ts")).startAggregator(flags, {
          mode: "frozen",
          logger,
          env: process.env,
          redactor: secrets,
        })
      : null;
    const config = aggregator?.config ?? flags;
    // One worker starts with the server, the others shortly after, so they do not slow the handshake.
    const executor = createWorkerPool({
      size: config.maxConcurrentCalls,
      memoryLimitBytes: config.programMemoryLimitBytes,
      logger,
      eagerWorkers: 1,
    });
    const tracer = config.traceDir
      ? createFileTracer(
          { dir: config.traceDir, payloads: config.tracePayloads, maxFiles: config.traceMaxFiles },
          logger,
        )
      : undefined;
    const factory = createServerFactory({
      executor,
      ...programBounds(config),
      maxConcurrentCalls: config.maxConcurrentCalls,
      profile: config.responseProfile,
      logger,
      tracer,
      hostFor: aggregator?.hostFor,
      catalog: aggregator?.catalog,
      aggregatorReadOnly: config.aggregatorReadOnly,
    });
    if (http) await http.serve(factory, logger);
    else await serveOverStdio({ factory, maxFrameBytes: config.maxFrameBytes, logger });
    await executor.close();
    await aggregator?.close();
  },
});

/** True when an upstreams file is configured or present; a named but missing file counts, so the loader reports it. */
function mayHaveUpstreams(flag: string): boolean {
  try {
    return locateUpstreamsConfig(flag || undefined, process.env) !== null;
  } catch {
    return true;
  }
}
