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

/** Longest JSON-RPC `method` accepted: every MCP method name is far shorter. */
export const MAX_METHOD_CHARS = 256;
/** Longest tool name accepted in `tools/call` (MCP 2025-11-25 server/tools: 1 to 128 characters). */
export const MAX_TOOL_NAME_CHARS = 128;

/**
 * Refuses a body naming a method or tool no server could have, before the SDK parses and echoes
 * it: a multi-megabyte `method` or tool name would otherwise cost the main thread a schema walk
 * and an answer as large as the name. Null when the body is fine.
 */
export function refuseOversizedNames(body: unknown): Response | null {
  const list = Array.isArray(body) ? body : [body];
  for (const m of list) {
    if (typeof m !== "object" || m === null) continue;
    const { method, params, id } = m as { method?: unknown; params?: { name?: unknown }; id?: unknown };
    const echo = typeof id === "string" || typeof id === "number" ? clipId(id) : null;
    if (typeof method === "string" && method.length > MAX_METHOD_CHARS) {
      return rpcError(200, -32601, `Method not found: method names are at most ${MAX_METHOD_CHARS} characters`, {
        id: echo,
      });
    }
    const name = params?.name;
    if (method === "tools/call" && typeof name === "string" && name.length > MAX_TOOL_NAME_CHARS) {
      return rpcError(200, -32602, `Invalid params: tool names are at most ${MAX_TOOL_NAME_CHARS} characters`, {
        id: echo,
      });
    }
  }
  return null;
}

/** A request id as echoed in an error: a long string id is not worth a long answer either. */
function clipId(id: string | number): string | number | null {
  return typeof id === "string" && id.length > MAX_METHOD_CHARS ? null : id;
}
