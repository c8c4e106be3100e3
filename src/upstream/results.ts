/**
 * Turning an MCP `tools/call` result into the tagged value a program sees (aggregator-mode.md
 * "JSON helpers"): `structuredContent` wins and is `:json`; otherwise the first text block is
 * `:json` when it is a JSON object or array and `:text` when not; no text at all is `:none`.
 * An `isError` envelope is the `tool_error` world fault with the text as its message.
 */

import type { CallOutcome } from "./types.ts";

/** Longest error message kept from an upstream, in characters. */
export const MAX_ERROR_CHARS = 500;

interface ToolResultLike {
  content?: unknown;
  structuredContent?: unknown;
  isError?: unknown;
}

/** The outcome for a decoded `tools/call` result of `bytes` bytes. */
export function outcomeOfResult(result: ToolResultLike, bytes: number): CallOutcome {
  const text = firstText(result.content);
  if (result.isError === true) {
    return { ok: false, reason: "tool_error", message: clipMessage(text ?? "the tool reported an error"), bytes };
  }
  if (result.structuredContent !== undefined && result.structuredContent !== null) {
    if (jsonDeeperThan(result.structuredContent)) return tooDeep(bytes);
    return { ok: true, value: { value: result.structuredContent, value_kind: "json" }, bytes };
  }
  if (text === undefined) return { ok: true, value: { value: null, value_kind: "none" }, bytes };
  const json = parseJsonText(text);
  if (json !== undefined && jsonDeeperThan(json)) return tooDeep(bytes);
  if (json !== undefined) return { ok: true, value: { value: json, value_kind: "json" }, bytes };
  return { ok: true, value: { value: text, value_kind: "text" }, bytes };
}

/** Deepest nesting of arrays and objects accepted in an answer (the language's `MAX_JSON_DEPTH`). */
export const MAX_ANSWER_DEPTH = 1000;

/**
 * True when decoded JSON `x` nests more than {@link MAX_ANSWER_DEPTH} levels deep; iterative, so
 * safe on any depth. (The same check as the language's `jsonDeeperThan`, which this folder may
 * not import.)
 */
function jsonDeeperThan(x: unknown): boolean {
  const stack: [unknown, number][] = [[x, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== "object" || node === null) continue;
    if (depth >= MAX_ANSWER_DEPTH) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * The world fault for an answer nested deeper than a program value may be: everything downstream
 * (redaction, the copy to the worker, decoding) would recurse once per level and overflow.
 */
function tooDeep(bytes: number): CallOutcome {
  return {
    ok: false,
    reason: "response_too_large",
    message: `the answer is nested more than ${MAX_ANSWER_DEPTH} levels deep`,
    bytes,
  };
}

function firstText(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  for (const block of content) {
    const b = block as { type?: unknown; text?: unknown };
    if (b?.type === "text" && typeof b.text === "string") return b.text;
  }
  return undefined;
}

/** Decoded JSON when `text` is a JSON object or array, else undefined (plain text stays text). */
export function parseJsonText(text: string): unknown {
  const t = text.trimStart();
  if (!t.startsWith("{") && !t.startsWith("[")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A message cut to {@link MAX_ERROR_CHARS}. */
export function clipMessage(text: string): string {
  const flat = text.trim();
  return flat.length <= MAX_ERROR_CHARS ? flat : `${flat.slice(0, MAX_ERROR_CHARS - 1)}…`;
}
