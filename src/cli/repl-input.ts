/**
 * Line handling of the REPL: when a typed form is complete, where history lives, and how a result
 * is shown. Kept apart from the command so it can be tested without a terminal.
 */

import type { CallToolResult } from "@modelcontextprotocol/server";

/**
 * True when `source` needs more lines: an open `(`, `[` or `{`, or an unterminated string or
 * regex literal. Comments (`;` to the end of the line) and character literals (`\(`) are skipped.
 * Too many closing brackets count as complete, so the reader reports the error.
 */
export function needsMore(source: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === ";") {
      const nl = source.indexOf("\n", i);
      if (nl === -1) break;
      i = nl;
    } else if (c === "\\") i++;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
  }
  return inString || depth > 0;
}

/** Where the REPL keeps its history: `$XDG_STATE_HOME/ptc-mcp/repl_history` (`~/.local/state` when unset). */
export function historyPath(env: Readonly<Record<string, string | undefined>>): string | null {
  const base = env.XDG_STATE_HOME || (env.HOME ? `${env.HOME}/.local/state` : null);
  return base === null ? null : `${base}/ptc-mcp/repl_history`;
}

/** `--display` values. */
export const DISPLAYS = ["text", "envelope", "json"] as const;
/** How results are shown. */
export type Display = (typeof DISPLAYS)[number];

/**
 * Renders one `lisp_eval` result: `text` shows the text blocks as a client would read them,
 * `envelope` the whole MCP tool result, `json` its structured content.
 */
export function renderResult(result: CallToolResult, display: Display): string {
  if (display === "envelope") return JSON.stringify(result, null, 2);
  if (display === "json") return JSON.stringify(result.structuredContent ?? null, null, 2);
  return result.content.map((b) => (b.type === "text" ? b.text : `[${b.type}]`)).join("\n");
}
