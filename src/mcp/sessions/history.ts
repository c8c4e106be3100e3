/**
 * The bounded histories a stateful session keeps (mcp-server.md "Stateful Sessions"): `*1 *2 *3`,
 * captured `println` lines, the `(tool/call …)` requests of its programs and the upstream calls
 * they caused. Each list keeps its newest entries within an entry cap and a byte cap (the
 * `--max-session-*` flags); the oldest are dropped first. Stored as one JSON column.
 */

import type { UpstreamCallRecord } from "../profiles/types.ts";

/** One printed line. */
export interface PrintEntry {
  /** 1-based number of the eval that printed it. */
  readonly eval: number;
  readonly line: string;
}

/** One `(tool/call …)` a program made; arguments as a scrubbed, shortened preview. */
export interface ToolCallEntry {
  readonly eval: number;
  readonly server: string;
  readonly tool: string;
  readonly args_preview: string;
  /** Epoch ms. */
  readonly at: number;
}

/** One upstream call with the eval that made it. */
export type UpstreamCallEntry = UpstreamCallRecord & { readonly eval: number };

/** Everything besides bindings that a session keeps. */
export interface SessionHistory {
  /** Encoded `*1 *2 *3` (value codec text or preview markers), most recent first. */
  results: string[];
  prints: PrintEntry[];
  toolCalls: ToolCallEntry[];
  upstreamCalls: UpstreamCallEntry[];
}

/** Entry and byte caps of one history list. */
export interface HistoryCap {
  readonly entries: number;
  readonly bytes: number;
}

/** An empty history. */
export function emptyHistory(): SessionHistory {
  return { results: [], prints: [], toolCalls: [], upstreamCalls: [] };
}

/** Parses the stored column; a damaged column reads as empty rather than failing the session. */
export function parseHistory(text: string): SessionHistory {
  try {
    const h = JSON.parse(text) as Partial<SessionHistory>;
    return {
      results: Array.isArray(h.results) ? h.results : [],
      prints: Array.isArray(h.prints) ? h.prints : [],
      toolCalls: Array.isArray(h.toolCalls) ? h.toolCalls : [],
      upstreamCalls: Array.isArray(h.upstreamCalls) ? h.upstreamCalls : [],
    };
  } catch {
    return emptyHistory();
  }
}

/**
 * `list` with `added` appended, then cut from the oldest end to `cap` (entries, and UTF-8 bytes of
 * the entries as JSON). A single entry larger than the byte cap is dropped.
 */
export function appendBounded<T>(list: readonly T[], added: readonly T[], cap: HistoryCap): T[] {
  const all = [...list, ...added];
  const kept: T[] = [];
  let bytes = 0;
  for (let i = all.length - 1; i >= 0 && kept.length < cap.entries; i--) {
    const size = Buffer.byteLength(JSON.stringify(all[i]), "utf8");
    if (bytes + size > cap.bytes) break;
    bytes += size;
    kept.push(all[i] as T);
  }
  return kept.reverse();
}
