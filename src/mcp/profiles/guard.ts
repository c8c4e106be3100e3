/**
 * The final envelope guard (mcp-server-configuration.md "Client-facing output limits"): a last
 * resort after the payload was shaped. When the serialised tool result is still over the
 * profile's cap it first drops the heavy optional fields (prints, feedback, previews, exact
 * `validated`, upstream calls, metrics) and marks `truncated` / `output_truncated`; if that is not
 * enough it keeps a minimal `structuredContent` (status, reason, message, sizes) — or, for slim,
 * text only — and cuts the text to fit. It never slices JSON.
 */

import type { CallToolResult } from "@modelcontextprotocol/server";
import { byteLength, takeBytes } from "./limits.ts";
import type { Payload } from "./payload.ts";

/** Fields the first step drops. */
const HEAVY: ReadonlySet<string> = new Set([
  "prints",
  "feedback",
  "validated",
  "validated_preview",
  "upstream_calls",
  "ptc_metrics",
]);
const TRUNCATED_NOTE = "\n\n[truncated]";

/** How a profile renders the text block from its (possibly shrunk) payload. */
export type TextOf = (payload: Payload) => string;

/** Returns `result` unchanged when it fits `maxBytes`, else a smaller equivalent (see module notes). */
export function guardEnvelope(result: CallToolResult, maxBytes: number, textOf: TextOf): CallToolResult {
  if (sizeOf(result) <= maxBytes) return result;
  const sc = result.structuredContent as Payload | undefined;
  if (sc === undefined) return textOnly(result, maxBytes);

  const shrunk: Payload = {};
  for (const [key, value] of Object.entries(sc)) if (!HEAVY.has(key)) shrunk[key] = value;
  if (typeof sc.result === "string") shrunk.result = cap(sc.result, Math.floor(maxBytes / 4));
  if ("validated" in sc && !("validated_bytes" in sc))
    shrunk.validated_bytes = byteLength(JSON.stringify(sc.validated) ?? "null");
  markTruncated(shrunk);
  const first = withPayload(result, shrunk, textOf);
  if (sizeOf(first) <= maxBytes) return first;

  const minimal: Payload = { status: sc.status === "error" ? "error" : "ok" };
  const fieldBytes = Math.min(4096, Math.max(256, Math.floor(maxBytes / 8)));
  for (const key of ["reason", "message"] as const) {
    const value = sc[key];
    if (typeof value === "string") minimal[key] = cap(value, fieldBytes);
  }
  if (typeof shrunk.validated_bytes === "number") minimal.validated_bytes = shrunk.validated_bytes;
  markTruncated(minimal);
  const room = Math.max(
    0,
    maxBytes - sizeOf({ isError: result.isError, structuredContent: minimal, content: [] }) - 256,
  );
  return {
    ...(result.isError ? { isError: true } : {}),
    structuredContent: minimal,
    content: [{ type: "text", text: cap(textOf(minimal), room) }],
  };
}

function textOnly(result: CallToolResult, maxBytes: number): CallToolResult {
  const text = result.content.map((b) => (b.type === "text" ? b.text : "")).join("\n");
  return {
    ...(result.isError ? { isError: true } : {}),
    content: [{ type: "text", text: cap(text, Math.max(0, maxBytes - 512)) }],
  };
}

function withPayload(result: CallToolResult, payload: Payload, textOf: TextOf): CallToolResult {
  return {
    ...(result.isError ? { isError: true } : {}),
    structuredContent: payload,
    content: [{ type: "text", text: textOf(payload) }],
  };
}

function markTruncated(payload: Payload): void {
  payload.truncated = true;
  payload.output_truncated = true;
}

function cap(text: string, maxBytes: number): string {
  const kept = takeBytes(text, maxBytes - TRUNCATED_NOTE.length);
  return kept.cut ? kept.text + TRUNCATED_NOTE : text;
}

function sizeOf(x: unknown): number {
  return byteLength(JSON.stringify(x));
}
