/**
 * The seam between running a program and shaping the MCP tool result. One renderer per response
 * profile (mcp-server-configuration.md "Response profiles").
 */

import type { CallToolResult } from "@modelcontextprotocol/server";
import type { EvalFault, EvalSuccess } from "../../sandbox/executor.ts";

/**
 * A fault reported to the client: an interpreter fault, or one raised before the program ran
 * (`args_error`, `busy`, `internal_error`).
 */
export type ToolFault = EvalFault;

/** Turns outcomes into `tools/call` results. Implementations must be pure (no I/O). */
export interface ResponseRenderer {
  /** Profile name, e.g. `slim`. */
  readonly profile: string;
  /** Renders a finished program. */
  success(outcome: EvalSuccess): CallToolResult;
  /** Renders a fault (`isError: true`), with any lines printed before it. */
  failure(fault: ToolFault, prints?: readonly string[]): CallToolResult;
}
