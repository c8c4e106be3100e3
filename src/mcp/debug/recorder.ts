/**
 * Records every tool call into the `lisp_debug` ring, from one place: {@link DebugRecorder.instrument}
 * wraps `registerTool` of a server instance, so each tool registered on it — `lisp_eval` today, the
 * session tools and `lisp_task` as they arrive — is recorded without its handler knowing, refusals
 * (`args_error`, `busy`) included. `lisp_debug` itself is not recorded, and unknown tools never
 * reach a handler (the SDK answers them).
 *
 * Handlers that trace (`deps.tracer.begin/end`) also hand the record their exact facts — error
 * type, the full result before the response profile shaped it, upstream calls — through
 * {@link DebugRecorder.tracer}, which sits in front of the file tracer: the call's facts object is
 * found through an `AsyncLocalStorage` set around the handler. So `--response-profile slim` clients
 * still leave full records (mcp-debug.md "Interaction with response profiles").
 *
 * Recording never changes or fails a call: a record that cannot be built is logged and skipped.
 */

import { AsyncLocalStorage } from "node:async_hooks";
import type { CallToolResult, McpServer, RegisteredTool, ServerContext } from "@modelcontextprotocol/server";
import type { Logger } from "../../config/index.ts";
import { decodeCallerScope } from "../caller-scope.ts";
import type { Tracer } from "../trace.ts";
import { buildEntry } from "./record.ts";
import type { DebugRing } from "./ring.ts";
import type { CallFacts, RecordPolicy } from "./types.ts";

/** The tool's own name: its calls are not recorded. */
export const DEBUG_TOOL_NAME = "lisp_debug";

/** Records tool calls into a ring. */
export interface DebugRecorder {
  /**
   * Wraps the file tracer (or none): handlers that trace report their facts to the record too.
   * The returned tracer passes every call on to `inner` unchanged.
   */
  tracer(inner: Tracer | undefined): Tracer;
  /** Makes every tool registered on `server` from now on recorded (except `lisp_debug`). Returns `server`. */
  instrument(server: McpServer): McpServer;
  /** Runs one handler call and records it; `args` is the raw `arguments`, `ctx` the SDK's request context. */
  record(
    tool: string,
    args: unknown,
    ctx: ServerContext | undefined,
    run: () => unknown | Promise<unknown>,
  ): Promise<unknown>;
}

type ToolCallback = (...a: unknown[]) => unknown;
type Register = (name: string, config: unknown, cb: ToolCallback) => RegisteredTool;

/** Creates a recorder writing into `ring` under `policy`. */
export function createDebugRecorder(ring: DebugRing, policy: RecordPolicy, logger: Logger): DebugRecorder {
  const current = new AsyncLocalStorage<CallFacts>();
  let seq = 0;

  async function record(
    tool: string,
    args: unknown,
    ctx: ServerContext | undefined,
    run: () => unknown | Promise<unknown>,
  ): Promise<unknown> {
    const facts: CallFacts = {};
    const requestId = `req_${++seq}`;
    const startedMs = Date.now();
    const t0 = performance.now();
    let result: unknown;
    let thrown: string | undefined;
    try {
      result = await current.run(facts, run);
      return result;
    } catch (e) {
      thrown = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      const durationMs = performance.now() - t0;
      try {
        const scope = decodeCallerScope(ctx?.http?.authInfo?.extra);
        ring.add(
          buildEntry(
            {
              requestId,
              tool,
              owner: ownerOf(ctx),
              caller: callerOf(scope?.trace),
              startedMs,
              durationMs,
              args,
              result: isCallToolResult(result) ? result : undefined,
              thrown,
              facts,
            },
            policy,
          ),
        );
      } catch (e) {
        logger.warn("debug_record_failed", { tool, message: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  return {
    record,
    tracer(inner) {
      return {
        begin(start) {
          const facts = current.getStore();
          const trace = inner?.begin(start);
          if (facts) {
            facts.start = start;
            facts.traceId = trace?.traceId;
          }
          return {
            traceId: trace?.traceId,
            end(info) {
              trace?.end(info);
              if (facts) facts.end = info;
            },
          };
        },
      };
    },
    instrument(server) {
      // registerTool is overloaded; the wrapper only needs its runtime shape (name, config, callback).
      const register = server.registerTool.bind(server) as unknown as Register;
      const wrapped: Register = (name, config, cb) =>
        name === DEBUG_TOOL_NAME
          ? register(name, config, cb)
          : register(name, config, (...a: unknown[]) =>
              record(name, a.length > 1 ? a[0] : undefined, a.at(-1) as ServerContext | undefined, () => cb(...a)),
            );
      (server as unknown as { registerTool: Register }).registerTool = wrapped;
      return server;
    },
  };
}

/**
 * The caller's owner key (the HTTP caller scope's `owner`: `static`, `pat:<id>`, ...); null when
 * the request carries no caller scope (stdio: the process is the one caller).
 */
export function ownerOf(ctx: ServerContext | undefined): string | null {
  const scope = decodeCallerScope(ctx?.http?.authInfo?.extra);
  return scope === null ? null : scope.owner;
}

/** The hashed caller ids of the caller scope's trace metadata (never the raw request id). */
function callerOf(trace: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  if (trace === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const key of ["owner_hash", "mcp_session_hash"]) {
    const value = trace[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function isCallToolResult(x: unknown): x is CallToolResult {
  return typeof x === "object" && x !== null && Array.isArray((x as { content?: unknown }).content);
}
