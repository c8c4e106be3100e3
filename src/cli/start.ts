/**
 * `ptc-mcp start`: the stdio MCP server (also what runs with no subcommand). Composition root:
 * config → logger → upstreams (aggregator mode) → executor (the worker pool) → server core →
 * stdio transport. Returns when stdin reaches EOF or on SIGTERM/SIGINT, after stopping the
 * workers (which cancels any call still running) and the upstreams (their whole process groups).
 * With `--http` the same core is served over Streamable HTTP instead (`start-http.ts`) until
 * SIGTERM/SIGINT and its drain.
 */

import { defineCommand } from "citty";
import { createLogger, effectiveResponseProfile } from "../config/index.ts";
import { createCallGate, createFileTracer, createServerFactory } from "../mcp/index.ts";
import { createWorkerPool } from "../sandbox/index.ts";
import { serveOverStdio } from "../transports/index.ts";
import { Redactor, scrubbingSink } from "../upstream/index.ts";
import { COMMAND_META } from "./commands.ts";
import { configArgs, configFromArgs } from "./config-args.ts";
import { startUses } from "./flag-scope.ts";
import { programBounds } from "./program-bounds.ts";
import { catchStopSignal } from "./stop-signal.ts";
import { startAggregatorOnDemand, upstreamsConfigured } from "./upstream-presence.ts";

/** How the root runs this command and maps its errors (command-entries.ts). */
export { exitFor, runCommand } from "./command-module.ts";

export default defineCommand({
  meta: COMMAND_META.start,
  args: configArgs(),
  async run({ args, rawArgs }) {
    // Without --http, the --http-* flags are refused and their variables ignored (flag-scope.ts).
    const flags = configFromArgs(args, rawArgs, startUses(args, process.env));
    // From here on SIGTERM/SIGINT mean "stop cleanly", in both modes and during the boot too.
    const stop = catchStopSignal();
    // Upstream credentials are registered here as they are resolved; every log line is scrubbed of them.
    const secrets = new Redactor();
    const hasUpstreams = upstreamsConfigured(flags.upstreamsConfig, process.env);
    // Agentic mode (lisp_task) is checked before anything starts: a refusal is one line and exit 2.
    const agentic = flags.agentic
      ? (await import("./agentic.ts")).checkAgentic(flags, process.env, hasUpstreams, secrets)
      : null;
    const http = flags.http ? await (await import("./start-http.ts")).prepareHttp(flags) : null;
    const logger = createLogger(flags.logLevel, scrubbingSink(secrets, http?.logSink));
    // Aggregator mode: every upstream starts and is listed before serving, so a broken one stops the boot.
    // The upstream runtime (SDK clients, OpenAPI) loads only when an upstreams file exists: plain mode boots faster.
    const aggregator = hasUpstreams
      ? await startAggregatorOnDemand(flags, {
          mode: "frozen",
          logger,
          env: process.env,
          redactor: secrets,
        })
      : null;
    if (agentic && !aggregator) throw (await import("./agentic.ts")).noAggregator();
    const config = aggregator?.config ?? flags;
    // One worker starts with the server, the others shortly after, so they do not slow the handshake.
    const executor = createWorkerPool({
      size: config.maxConcurrentCalls,
      memoryLimitBytes: config.programMemoryLimitBytes,
      logger,
      eagerWorkers: 1,
      // A cancel or hard stop then never leaves a call waiting for a new worker to boot (issue #10).
      spareWorker: true,
    });
    const tracer = config.traceDir
      ? createFileTracer(
          { dir: config.traceDir, payloads: config.tracePayloads, maxFiles: config.traceMaxFiles },
          logger,
        )
      : undefined;
    const gate = createCallGate(config.maxConcurrentCalls);
    const sessions = config.sessions
      ? await (await import("./sessions.ts")).startSessions(config, {
          executor,
          gate,
          logger,
          hostFor: aggregator?.hostFor,
          scrub: (text) => secrets.scrub(text),
          store: http?.store,
        })
      : undefined;
    // Over stdio, each tool call is an audit row (owner stdio); over HTTP the transport writes them.
    const audit = http ? null : (await import("./stdio-audit.ts")).stdioAudit(config, logger);
    const factory = createServerFactory({
      executor,
      ...programBounds(config),
      maxConcurrentCalls: config.maxConcurrentCalls,
      profile: effectiveResponseProfile(flags),
      logger,
      tracer,
      hostFor: aggregator?.hostFor,
      catalog: aggregator?.catalog,
      aggregatorReadOnly: config.aggregatorReadOnly,
      upstreamCallBudget: config.maxUpstreamCallsPerProgram,
      onCallFacts: audit ? (facts) => audit.record(facts) : undefined,
      extraTools:
        agentic && aggregator
          ? [
              await (await import("./agentic.ts")).lispTaskTool(agentic, {
                aggregator,
                config,
                executor,
                logger,
                tracer,
                redactor: secrets,
                profile: effectiveResponseProfile(flags),
                gate,
              }),
            ]
          : undefined,
      debug: config.debugTool
        ? {
            ringSize: config.debugRingSize,
            maxResponseBytes: config.maxDebugResponseBytes,
            payloads: config.tracePayloads,
            traceDir: config.traceDir,
            scrub: (text: string) => (http ? http.scrub(secrets.scrub(text)) : secrets.scrub(text)),
          }
        : undefined,
      gate,
      sessions,
    });
    if (stop.fired) logger.info("server_stop", { reason: "signal during boot" });
    else if (http) await http.serve(factory, logger, stop.promise);
    else await serveOverStdio({ factory, maxFrameBytes: config.maxFrameBytes, logger, stop: stop.promise });
    await sessions?.stop();
    await audit?.close();
    await executor.close();
    // Every call has ended by now (closing the pool cancels any still running): their trace files
    // are written before the process exits.
    await tracer?.flush();
    await aggregator?.close();
    stop.dispose();
  },
});
