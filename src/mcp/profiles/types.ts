/**
 * The seam between running a program and shaping the MCP tool result. One renderer per response
 * profile (mcp-server-configuration.md "Response profiles").
 */

import type { CallToolResult } from "@modelcontextprotocol/server";
import type { EvalFault, EvalSuccess } from "../../sandbox/index.ts";

/**
 * A fault reported to the client: an interpreter fault, or one raised before the program ran
 * (`args_error`, `busy`, `internal_error`).
 */
export type ToolFault = EvalFault;

/** One upstream tool call made by a program (aggregator mode), as the debug profile reports it. */
export interface UpstreamCallRecord {
  readonly server: string;
  readonly tool: string;
  readonly status: "ok" | "error";
  readonly duration_ms: number;
  /** Whole ms after the program's first host request when the call went out. */
  readonly started_ms?: number;
  readonly reason?: string;
  readonly error?: string;
  /** UTF-8 bytes of the result the upstream returned, when known. */
  readonly result_bytes?: number | null;
  /** True when the result was over the upstream response cap. */
  readonly oversize?: boolean;
}

/** Facts about the call that are not part of the program's outcome. */
export interface CallMeta {
  /** The call passed an `output_schema` (slim and the guards report validated sizes then). */
  readonly validationRequested?: boolean;
  /** The readable result of a program that finished but failed its `output_schema`. */
  readonly resultText?: string | undefined;
  /** Upstream calls the program made (aggregator mode); feeds `ptc_metrics` and `upstream_calls` in `debug`. */
  readonly upstreamCalls?: readonly UpstreamCallRecord[];
}

/** Turns outcomes into `tools/call` results. Implementations must be pure (no I/O). */
export interface ResponseRenderer {
  /** Profile name, e.g. `slim`. */
  readonly profile: string;
  /** JSON Schema advertised as the tool's `outputSchema`; absent for `slim` (text only). */
  readonly outputSchema?: Readonly<Record<string, unknown>>;
  /** Renders a finished program. */
  success(outcome: EvalSuccess, meta?: CallMeta): CallToolResult;
  /** Renders a fault (`isError: true`), with any lines printed before it. */
  failure(fault: ToolFault, prints?: readonly string[], meta?: CallMeta): CallToolResult;
}
