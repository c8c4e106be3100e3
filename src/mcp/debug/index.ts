/**
 * `lisp_debug` (mcp-debug.md), assembled: one ring per process, the recorder that fills it from
 * every tool call, and the tool that reads it. The server core builds a {@link DebugSuite} once,
 * when `--debug-tool` is set; without it there is no ring and no recording at all.
 */

import type { McpServer } from "@modelcontextprotocol/server";
import type { Logger, TracePayloads } from "../../config/index.ts";
import { advertised } from "../tool-schema.ts";
import type { Tracer } from "../trace.ts";
import { createDebugRecorder, DEBUG_TOOL_NAME, type DebugRecorder, ownerOf } from "./recorder.ts";
import { DebugRing } from "./ring.ts";
import { createLispDebugHandler, LispDebugInputSchema } from "./tool.ts";

export { buildEntry, MAX_RECORD_BYTES } from "./record.ts";
export { DEBUG_TOOL_NAME, type DebugRecorder } from "./recorder.ts";
export { DebugRing, MAX_RING_BYTES } from "./ring.ts";
export { createLispDebugHandler, LispDebugInputSchema, RECENT_LIMIT } from "./tool.ts";
export type { DebugEntry } from "./types.ts";

/** `--debug-tool` settings. */
export interface DebugToolOptions {
  /** `--debug-ring-size` (clamped by the flag parser). */
  readonly ringSize: number;
  /** `--max-debug-response-bytes` (floored by the flag parser). */
  readonly maxResponseBytes: number;
  /** `--trace-payloads`. */
  readonly payloads: TracePayloads;
  /** `--trace-dir`, or null/empty when tracing is off. */
  readonly traceDir?: string | null | undefined;
  /** The credential redactor's scrub (upstream secrets, bearer tokens); identity when absent. */
  readonly scrub?: ((text: string) => string) | undefined;
  /** Overrides the ring's byte bound (tests). */
  readonly maxRingBytes?: number;
}

/** What the server core uses. */
export interface DebugSuite {
  readonly ring: DebugRing;
  readonly recorder: DebugRecorder;
  /** See {@link DebugRecorder.tracer}. */
  tracer(inner: Tracer | undefined): Tracer;
  /** Records every tool registered on `server` from now on; returns `server`. */
  instrument(server: McpServer): McpServer;
  /** Registers the `lisp_debug` tool on `server`. */
  register(server: McpServer): void;
}

const DESCRIPTION = [
  "Read-only diagnostics of this server's recent tool calls (kept in memory, lost on restart).",
  "op=stats: per-tool calls, error rates, latency percentiles, error reasons, upstream-call outcomes and payload reduction.",
  "op=recent: the last calls, newest first (limit <= 200, errors_only, since_seconds).",
  "op=get: one call by request_id (from recent), with its trace file when tracing is on.",
  "Shows only calls made with the same credentials as the caller.",
].join("\n");

/** Builds the ring, recorder and tool for one process. */
export function createDebugSuite(options: DebugToolOptions, logger: Logger): DebugSuite {
  const ring = new DebugRing(options.ringSize, options.maxRingBytes);
  const scrub = options.scrub ?? ((text: string) => text);
  const recorder = createDebugRecorder(ring, { payloads: options.payloads, scrub }, logger);
  const handler = createLispDebugHandler({
    ring,
    payloads: options.payloads,
    traceDir: options.traceDir ? options.traceDir : null,
    maxResponseBytes: options.maxResponseBytes,
    scrub,
  });
  const inputSchema = advertised(LispDebugInputSchema);
  return {
    ring,
    recorder,
    tracer: (inner) => recorder.tracer(inner),
    instrument: (server) => recorder.instrument(server),
    register(server) {
      server.registerTool(
        DEBUG_TOOL_NAME,
        {
          title: "PTC-Lisp server diagnostics",
          description: DESCRIPTION,
          inputSchema,
          annotations: { readOnlyHint: true, openWorldHint: false },
        },
        (args, ctx) => handler(args, ownerOf(ctx)),
      );
    },
  };
}
