/**
 * JSON-RPC error responses produced by the HTTP layer itself (before a request reaches the SDK),
 * and small readers of a parsed body.
 */

import { ProtocolErrorCode } from "@modelcontextprotocol/server";

/**
 * Error codes used by the HTTP layer: the JSON-RPC standard codes as the SDK defines them, plus two
 * of the implementation-defined server-error range (-32000 to -32099) the SDK has no name for.
 */
export const RPC_ERROR = {
  parse: ProtocolErrorCode.ParseError,
  invalidRequest: ProtocolErrorCode.InvalidRequest,
  internal: ProtocolErrorCode.InternalError,
  /** Generic server error: draining, busy, limits. */
  server: -32000,
  /** Unknown, expired or foreign `MCP-Session-Id`. */
  sessionNotFound: -32001,
} as const;

/** A JSON-RPC error response with `status`; `id` echoes the request's when known. */
export function rpcError(
  status: number,
  code: number,
  message: string,
  options: { id?: string | number | null; data?: unknown; headers?: Record<string, string> } = {},
): Response {
  const error = options.data === undefined ? { code, message } : { code, message, data: options.data };
  return new Response(JSON.stringify({ jsonrpc: "2.0", id: options.id ?? null, error }), {
    status,
    headers: { "content-type": "application/json", ...options.headers },
  });
}

/** A message of a parsed body: the body itself, or the first element of a batch. */
function firstMessage(body: unknown): Record<string, unknown> | null {
  const m = Array.isArray(body) ? body[0] : body;
  return typeof m === "object" && m !== null ? (m as Record<string, unknown>) : null;
}

/** `method` of the (first) message, if any. */
export function methodOf(body: unknown): string | undefined {
  const m = firstMessage(body)?.method;
  return typeof m === "string" ? m : undefined;
}

/** `id` of the (first) message when it is a request. */
export function idOf(body: unknown): string | number | null {
  const id = firstMessage(body)?.id;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

/** `params.name` of a `tools/call`. */
export function toolOf(body: unknown): string | undefined {
  const m = firstMessage(body);
  if (m?.method !== "tools/call") return undefined;
  const name = (m.params as { name?: unknown } | undefined)?.name;
  return typeof name === "string" ? name : undefined;
}

/** How many JSON-RPC requests (messages with a `method` and an `id`) the body holds. */
export function requestCount(body: unknown): number {
  const list = Array.isArray(body) ? body : [body];
  let n = 0;
  for (const m of list) {
    if (typeof m === "object" && m !== null && "method" in m && "id" in m) n++;
  }
  return n;
}
