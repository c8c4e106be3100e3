/**
 * `apropos` ranking (aggregator-mode.md "REPL discovery from PTC-Lisp"): each query token scores 10
 * for an exact token match, 5 for a prefix match and 2 for a substring match, taking the best field;
 * matches on the server or tool name get +2. Tokens come from splitting camelCase, snake_case,
 * kebab-case and punctuation. Only positive totals are kept; ties break on server, then tool.
 */

import { oneLine } from "./doc.ts";
import type { CatalogTool } from "./types.ts";

/** Lower-case word tokens of `text`. */
export function tokenize(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== "");
}

function match(q: string, t: string): number {
  if (q === t) return 10;
  if (t.startsWith(q)) return 5;
  return t.includes(q) ? 2 : 0;
}

function best(q: string, tokens: readonly string[]): number {
  let m = 0;
  for (const t of tokens) {
    const s = match(q, t);
    if (s > m) m = s;
    if (m === 10) break;
  }
  return m;
}

/** Score of a candidate with the given name and prose tokens against the query tokens. */
export function score(query: readonly string[], nameTokens: readonly string[], textTokens: readonly string[]): number {
  let total = 0;
  for (const q of query) {
    const n = best(q, nameTokens);
    total += Math.max(n > 0 ? n + 2 : 0, best(q, textTokens));
  }
  return total;
}

/** A ranked discovery line. */
export interface Ranked {
  readonly text: string;
  readonly score: number;
  readonly server: string;
  readonly tool: string;
}

/** `server/tool - description` lines for the tools matching `query`, best first. */
export function rankTools(query: string, tools: readonly CatalogTool[]): Ranked[] {
  const q = tokenize(query);
  if (q.length === 0) return [];
  const out: Ranked[] = [];
  for (const t of tools) {
    const props = t.inputSchema.properties;
    const argKeys = typeof props === "object" && props !== null ? Object.keys(props).join(" ") : "";
    const annotations = t.annotations ? Object.keys(t.annotations).join(" ") : "";
    const s = score(q, tokenize(`${t.server} ${t.name}`), tokenize(`${t.description} ${argKeys} ${annotations}`));
    if (s <= 0) continue;
    const d = oneLine(t.description);
    out.push({ text: `${t.server}/${t.name}${d === "" ? "" : ` - ${d}`}`, score: s, server: t.server, tool: t.name });
  }
  return out.sort(byRank);
}

/**
 * The hint line for a server whose catalog is not loaded: its tools might match, so it is always
 * listed (after every tool match); the score of its name and description only orders the hints.
 */
export function serverHint(query: string, server: string, description: string): Ranked {
  const s = score(tokenize(query), tokenize(server), tokenize(description));
  return { text: `${server} - tools not loaded yet; list them with (dir '${server})`, score: s, server, tool: "" };
}

/** Orders by score (descending), then server and tool names. */
export function byRank(a: Ranked, b: Ranked): number {
  return b.score - a.score || cmp(a.server, b.server) || cmp(a.tool, b.tool);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
