/**
 * The transport-agnostic MCP server core: builds `McpServer` instances advertising `ptc_lisp` with
 * the `lisp_eval` tool. Transports call the factory once per connection (the SDK's stdio entry
 * also builds a throwaway instance for a `server/discover` probe), so process-wide state — the
 * executor and the concurrency gate — lives in the factory's closure, not in an instance.
 */

import { McpServer } from "@modelcontextprotocol/server";
import { type Logger, MCP_SERVER_NAME, type ResponseProfile, type UpstreamScope, VERSION } from "../config/index.ts";
import type { Executor, ProgramLimits } from "../sandbox/index.ts";
import { type CallGate, createCallGate } from "./call-gate.ts";
import { type CallFactsSink, reportingCall } from "./call-facts.ts";
import { type CallerScope, decodeCallerScope, narrowScope } from "./caller-scope.ts";
import type { ExtraTool } from "./extra-tool.ts";
import { callProgress, type NotifySink } from "./progress.ts";
import { createDebugSuite, type DebugToolOptions } from "./debug/index.ts";
import { type CallHost, createLispEvalHandler, type InputCaps } from "./lisp-eval.ts";
import { rendererFor } from "./profiles/index.ts";
import type { SessionService } from "./sessions/service.ts";
import { sessionTools } from "./sessions/tools.ts";
import { lispEvalDescription, lispSessionEvalDescription } from "./tool-description.ts";
import { advertised, advertisedJson, LispEvalInputSchema } from "./tool-schema.ts";
import type { Tracer } from "./trace.ts";

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
  /**
   * Host side of each call, for aggregator mode (see {@link LispEvalDeps.hostFor}); given the
   * connection's allowed servers when it is scoped.
   */
  readonly hostFor?: ((allowedServers?: UpstreamScope) => CallHost) | undefined;
  /** Aggregator mode: the upstream catalog for the description (of the allowed servers, when scoped). */
  readonly catalog?: ((allowedServers?: UpstreamScope) => string) | undefined;
  /**
   * Where the facts of each tool call of a caller without an HTTP scope go (stdio's audit rows,
   * owner `stdio`); HTTP callers report through their scope. Absent: not recorded.
   */
  readonly onCallFacts?: CallFactsSink | undefined;
  /** `--max-upstream-calls-per-program`: the `total` of progress notifications (aggregator mode). */
  readonly upstreamCallBudget?: number | undefined;
  /** `--aggregator-read-only`: keep advertising `readOnlyHint` although programs call upstream tools. */
  readonly aggregatorReadOnly?: boolean;
  /** Per-call trace files (`--trace-dir`); absent = tracing off. */
  readonly tracer?: Tracer | undefined;
  /** Tools registered beside `lisp_eval` (agentic mode's `lisp_task`); each sees the connection's scope. */
  readonly extraTools?: readonly ExtraTool[] | undefined;
  /** `--debug-tool`: record every tool call and expose `lisp_debug` (mcp-debug.md); absent = off. */
  readonly debug?: DebugToolOptions | undefined;
  /** The process-wide concurrency gate, when the composition root shares it (with session evals); else one is made. */
  readonly gate?: CallGate | undefined;
  /** `--sessions`: the `lisp_session_*` tools over this service (which must use the same gate). */
  readonly sessions?: { readonly service: SessionService; readonly previewChars: number } | undefined;
}

/** What a transport knows about the connection it builds a server for. */
export interface ConnectionScope {
  /** Upstream servers the caller may reach (an HTTP token's `--upstreams`); absent means all. */
  readonly allowedServers?: UpstreamScope;
}

/** Builds a fresh, unconnected server instance; all instances share one executor and gate. */
export type ServerFactory = () => McpServer;

/**
 * The factory {@link createServerFactory} returns. `forScope` gives the factory for connections
 * limited to some upstreams: their `lisp_eval` describes and reaches only those.
 */
export type ScopedServerFactory = ServerFactory & { forScope(scope: ConnectionScope): ServerFactory };

/**
 * Creates the server factory. The response profile decides the result shape and whether
 * `lisp_eval` advertises an `outputSchema` (`structured` and `debug` do, `slim` does not).
 */
export function createServerFactory(options: ServerCoreOptions): ScopedServerFactory {
  const { renderer } = rendererFor(options.profile);
  const { hostFor, catalog } = options;
  const debug = options.debug ? createDebugSuite(options.debug, options.logger) : undefined;
  const deps = {
    executor: options.executor,
    limits: options.limits,
    caps: options.caps,
    gate: options.gate ?? createCallGate(options.maxConcurrentCalls),
    renderer,
    logger: options.logger,
    tracer: debug ? debug.tracer(options.tracer) : options.tracer,
  };
  const handler = createLispEvalHandler({ ...deps, hostFor });
  const inputSchema = advertised(LispEvalInputSchema);
  const outputSchema = renderer.outputSchema ? advertisedJson(renderer.outputSchema) : undefined;
  const description = lispEvalDescription(options.limits, catalog?.());
  // Programs that call upstream tools reach outside the server; read-only only when the operator says so.
  const annotations = hostFor
    ? { readOnlyHint: options.aggregatorReadOnly === true, openWorldHint: true }
    : { readOnlyHint: true, openWorldHint: false };
  const sessions = options.sessions;
  /** The session tools, their eval described with the catalog a connection may see. */
  const toolsFor = (catalogText?: string) =>
    sessions
      ? sessionTools(
          sessions.service,
          renderer,
          sessions.previewChars,
          // The recorder-wrapped tracer: session evals hand lisp_debug their facts as lisp_eval does.
          deps.tracer,
          lispSessionEvalDescription(options.limits, catalogText),
        )
      : [];
  const tools = toolsFor(catalog?.());
  /** The audit sink of a call: the HTTP request's, else (stdio) the process's. */
  const sinkOf = (caller: CallerScope | null) => (caller === null ? options.onCallFacts : caller.report);
  /** What the audit row of a call says about it besides its facts. */
  const callOf = (tool: string, args: unknown, envelope: unknown) =>
    ({ tool, args, era: envelope === undefined ? "legacy" : "modern" }) as const;

  const build = (callHandler: typeof handler, text: string, scope: UpstreamScope = null, sessionToolList = tools) =>
    function createServer(): McpServer {
      const server = new McpServer(
        { name: MCP_SERVER_NAME, version: VERSION, title: SERVER_TITLE },
        { capabilities: { tools: { listChanged: false } }, instructions: SERVER_INSTRUCTIONS },
      );
      // With --debug-tool, every tool registered below is recorded (one wrapper for all of them).
      debug?.instrument(server);
      server.registerTool(
        "lisp_eval",
        {
          title: "PTC-Lisp evaluator",
          description: text,
          inputSchema,
          ...(outputSchema ? { outputSchema } : {}),
          annotations,
        },
        (args, ctx) => {
          const caller = decodeCallerScope(ctx.http?.authInfo?.extra);
          // Only aggregator calls make progress a client can see (upstream calls done of the budget).
          const progress = hostFor
            ? callProgress(ctx.mcpReq._meta, ctx.mcpReq.notify as NotifySink, {
                total: options.upstreamCallBudget ?? 0,
              })
            : undefined;
          return reportingCall(
            sinkOf(caller),
            { ...callOf("lisp_eval", args, ctx.mcpReq.envelope), measureArgs: false },
            (report) =>
              callHandler(args, ctx.mcpReq.signal, caller?.upstreams ?? null, caller?.trace, { progress, ...report }),
          );
        },
      );
      for (const tool of sessionToolList) {
        server.registerTool(
          tool.name,
          {
            title: tool.title,
            description: tool.description,
            inputSchema: tool.inputSchema,
            ...(tool.outputSchema ? { outputSchema: advertisedJson(tool.outputSchema) } : {}),
            annotations: { readOnlyHint: tool.readOnly, openWorldHint: hostFor !== undefined },
          },
          (args, ctx) => {
            // Over stdio there is no caller scope: the process owns its sessions.
            const caller = decodeCallerScope(ctx.http?.authInfo?.extra);
            const owner = caller?.owner ? caller.owner : STDIO_OWNER;
            return reportingCall(sinkOf(caller), callOf(tool.name, args, ctx.mcpReq.envelope), () =>
              tool.call(args, owner, ctx.mcpReq.signal, caller?.upstreams ?? null, caller?.trace),
            );
          },
        );
      }
      for (const tool of options.extraTools ?? []) {
        server.registerTool(
          tool.name,
          {
            title: tool.title,
            description: tool.description(scope),
            inputSchema: tool.inputSchema,
            ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
            annotations: tool.annotations,
          },
          (args, ctx) => {
            const caller = decodeCallerScope(ctx.http?.authInfo?.extra);
            return reportingCall(sinkOf(caller), callOf(tool.name, args, ctx.mcpReq.envelope), () =>
              tool.call(args, ctx.mcpReq.signal, narrowScope(scope, caller?.upstreams ?? null), caller?.trace),
            );
          },
        );
      }
      debug?.register(server);
      return server;
    };
  return Object.assign(build(handler, description), {
    forScope(scope: ConnectionScope) {
      const allowed = scope.allowedServers;
      if (allowed == null || hostFor === undefined) return build(handler, description);
      const scoped = createLispEvalHandler({ ...deps, hostFor: (perCall) => hostFor(narrowScope(allowed, perCall)) });
      const scopedCatalog = catalog?.(allowed);
      return build(scoped, lispEvalDescription(options.limits, scopedCatalog), allowed, toolsFor(scopedCatalog));
    },
  });
}

/** The human-readable server name of `initialize` / `server/discover` (`serverInfo.title`). */
export const SERVER_TITLE = "PTC-Lisp code mode";

/**
 * The `instructions` of `initialize` / `server/discover`: what the server is for, in the few lines
 * a client may put in its model's system prompt.
 */
export const SERVER_INSTRUCTIONS =
  "Run small PTC-Lisp (Clojure subset) programs with lisp_eval instead of reasoning over large JSON by hand: " +
  "pass data as `context` (read as data/<key>) and return only the answer. Programs are sandboxed and " +
  "time- and memory-limited. When upstream tools are configured, call them from the program with " +
  "(tool/call {:server s :tool t :args {...}}) and filter their results there; discover them with " +
  '(tool/servers), (apropos "words") and (doc \'server/tool).';

/** Owner of the process's own sessions: a stdio server serves one client, the process. */
export const STDIO_OWNER = "stdio";
