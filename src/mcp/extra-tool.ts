/**
 * A tool built by a layer above the server core (agentic mode's `lisp_task`, src/agentic/) and
 * registered beside `lisp_eval` on every server instance. The core knows only this shape, so the
 * dependency stays one way: the layer above implements it, the composition root hands it in.
 */

import type { CallToolResult, StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import type { UpstreamScope } from "../config/index.ts";

/** Tool annotations as `tools/list` advertises them (MCP 2025-11-25 "Tool annotations"). */
export interface ExtraToolAnnotations {
  readonly readOnlyHint?: boolean;
  readonly destructiveHint?: boolean;
  readonly idempotentHint?: boolean;
  readonly openWorldHint?: boolean;
}

/** One extra tool. */
export interface ExtraTool {
  /** Tool name, e.g. `lisp_task`. */
  readonly name: string;
  readonly title: string;
  /** The description for callers that see `allowedServers` (null = every upstream). */
  description(allowedServers: UpstreamScope): string;
  readonly inputSchema: StandardSchemaWithJSON<unknown, unknown>;
  readonly outputSchema?: StandardSchemaWithJSON<unknown, unknown> | undefined;
  readonly annotations: ExtraToolAnnotations;
  /**
   * Serves one `tools/call`. `raw` is the unvalidated `arguments`; `signal` aborts when the client
   * cancels; `allowedServers` is the caller's upstream scope (null = all). Never rejects: every
   * fault is an `isError` result.
   */
  call(
    raw: unknown,
    signal: AbortSignal,
    allowedServers: UpstreamScope,
    traceMeta?: Readonly<Record<string, string>>,
  ): Promise<CallToolResult>;
}
