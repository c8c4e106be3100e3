/**
 * The effect class of an upstream tool, read from its MCP annotations (MCP 2025-11-25 "Tool
 * annotations"): `readOnlyHint: true` is `read`; `readOnlyHint: false` is `write`; no annotation
 * is `unknown`. OpenAPI operations are GET-only and compiled with `readOnlyHint: true`.
 *
 * The loop treats `write` and `unknown` alike (agentic-mode.md "Turns and write safety"): after
 * such a call the planner gets no further turn, so a partial side effect is never retried.
 */

import type { CatalogTool } from "../upstream/index.ts";
import type { ToolEffect } from "./types.ts";

/** The effect class of a tool with `annotations`. */
export function effectOfAnnotations(annotations: CatalogTool["annotations"]): ToolEffect {
  const hint = annotations?.readOnlyHint;
  if (hint === true) return "read";
  if (hint === false) return "write";
  return "unknown";
}

/** Looks up a tool's effect by server and tool name; `unknown` for a tool the catalog does not list. */
export type EffectLookup = (server: string, tool: string) => ToolEffect;

/** An {@link EffectLookup} over a catalog listing (`tools(server)` = that server's tools, or null). */
export function effectLookup(tools: (server: string) => readonly CatalogTool[] | null): EffectLookup {
  return (server, tool) => {
    const hit = tools(server)?.find((t) => t.name === tool);
    return hit === undefined ? "unknown" : effectOfAnnotations(hit.annotations);
  };
}
