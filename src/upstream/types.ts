/**
 * Shapes shared by the upstream clients, the runtime and the host protocol: call outcomes with
 * the world-fault reasons of aggregator-mode.md "Error reference", and the client interface both
 * MCP and OpenAPI upstreams implement.
 */

import type { CatalogTool } from "./catalog/types.ts";

/** Reasons of a world fault: `(tool/call ...)` returns `{:ok false :reason <reason> ...}`. */
export type WorldReason =
  | "upstream_unavailable"
  | "upstream_error"
  | "tool_error"
  | "timeout"
  | "response_too_large"
  | "cap_exhausted";

/** What a successful call yields (aggregator-mode.md "JSON helpers"). */
export interface CallValue {
  readonly value: unknown;
  readonly value_kind: "json" | "text" | "none";
}

/** A program fault the host detected: the program raises it as a LispError. */
export interface ProgrammerFault {
  /** PTC-Lisp error type, e.g. `unknown_tool`, `type_error`. */
  readonly code: "unknown_tool" | "type_error" | "runtime_error";
  readonly message: string;
  readonly hint?: string | undefined;
}

/** Outcome of one upstream call; `bytes` is the size of the upstream's answer. */
export type CallOutcome =
  | { readonly ok: true; readonly value: CallValue; readonly bytes: number }
  | { readonly ok: false; readonly reason: WorldReason; readonly message: string; readonly bytes: number }
  | { readonly ok: false; readonly fault: ProgrammerFault };

/** A tool list could not be obtained: the upstream is down, starting failed, or it answered badly. */
export class UnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnavailableError";
  }
}

/** One configured upstream as the runtime drives it. */
export interface UpstreamClient {
  readonly name: string;
  readonly kind: "mcp_stdio" | "mcp_http" | "openapi";
  /** One-line description: the configured one, else what the upstream says about itself. */
  description(): string;
  /** Starts the upstream if needed and lists its tools. @throws {UnavailableError} */
  listTools(): Promise<CatalogTool[]>;
  /** Calls one tool; never throws. `signal` aborts it when the program that asked has ended. */
  call(
    tool: string,
    args: Readonly<Record<string, unknown>>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<CallOutcome>;
  /** Stops the upstream (child process, HTTP session). */
  close(): Promise<void>;
}
