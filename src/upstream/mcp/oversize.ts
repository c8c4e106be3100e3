/**
 * The marker a size-capped transport uses to turn an oversized upstream message into a JSON-RPC
 * error for the request it answered, so the pending call fails at once with `response_too_large`
 * instead of hanging until its timeout. The size is measured on the raw bytes, before decoding.
 */

import type { JSONRPCMessage } from "@modelcontextprotocol/client";

/** JSON-RPC error code of a synthesized oversize error (implementation-defined server-error range). */
export const OVERSIZE_CODE = -32097;

/** How much of an oversized message's start and end is kept to find its `id`. */
export const ID_WINDOW = 512;

/** The synthesized error answering request `id`. */
export function oversizeError(id: string | number, bytes: number, cap: number): JSONRPCMessage {
  return {
    jsonrpc: "2.0",
    id,
    error: {
      code: OVERSIZE_CODE,
      message: `response exceeds the ${cap}-byte cap (${bytes} bytes read before decoding)`,
      data: { ptc: "response_too_large", bytes },
    },
  } as JSONRPCMessage;
}

/** True for an error built by {@link oversizeError}. */
export function isOversizeData(data: unknown): boolean {
  return typeof data === "object" && data !== null && (data as { ptc?: unknown }).ptc === "response_too_large";
}

/**
 * The top-level `id` of a JSON-RPC message known only by its first and last bytes. Serializers put
 * `id` first (`{"jsonrpc":"2.0","id":7,...`) or last (`...,"jsonrpc":"2.0","id":7}`); both anchors
 * are checked so a nested `"id"` inside the payload is never mistaken for it.
 */
export function idFromEnds(head: string, tail: string): string | number | null {
  const first = /^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")/.exec(head);
  const last = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")\s*(?:,\s*"jsonrpc"\s*:\s*"2\.0"\s*)?\}\s*$/.exec(tail);
  const text = first?.[1] ?? last?.[1];
  if (text === undefined) return null;
  return text.startsWith('"') ? (JSON.parse(text) as string) : Number(text);
}
