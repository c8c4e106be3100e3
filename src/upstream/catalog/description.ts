/**
 * The upstream part of the `lisp_eval` description (mcp-server-configuration.md "Catalog modes").
 *
 * - `inline`: a discovery snapshot — server summaries, each server's tool lines and one `doc`
 *   example — so a small fleet needs no discovery call at all.
 * - `lazy`: server names and tool counts plus how to discover tools from inside a program.
 * - `auto`: inline when there are at most `maxTools` tools and the snapshot fits in `maxChars`
 *   characters; tool descriptions are shortened, then dropped, before falling back to lazy.
 *
 * Both start with the same hint on how to discover and call upstream tools.
 */

import { dirLine, oneLine, renderDoc } from "./doc.ts";
import type { CatalogTool } from "./types.ts";

/** `--catalog-mode` values. */
export const CATALOG_MODES = ["auto", "inline", "lazy"] as const;
/** A catalog mode. */
export type CatalogMode = (typeof CATALOG_MODES)[number];

/** A configured server as the description sees it. */
export interface DescribedServer {
  readonly name: string;
  readonly description: string;
  /** Its tools, or null when not loaded (live snapshot mode). */
  readonly tools: readonly CatalogTool[] | null;
}

/** Thresholds of `auto` mode. */
export interface CatalogTextOptions {
  readonly mode: CatalogMode;
  /** `--catalog-inline-max-tools`. */
  readonly maxTools: number;
  /** `--catalog-inline-max-chars`. */
  readonly maxChars: number;
}

/** The rendered catalog part and the mode it resolved to. */
export interface CatalogText {
  readonly mode: "inline" | "lazy";
  readonly text: string;
}

const HINT =
  'Upstream tools: call one with (tool/call {:server "s" :tool "t" :args {...}}); it returns {:ok true :value v} or {:ok false :reason kw :message text}, so check :ok. (pmap tool/call requests) runs calls concurrently. Discover inside the program: (tool/servers), (apropos "words"), (dir \'s), (doc \'s/tool) (prints args), (meta \'s/tool).';

/** Renders the catalog part of the description for `servers` (sorted by name by the caller). */
export function catalogText(servers: readonly DescribedServer[], options: CatalogTextOptions): CatalogText {
  const lazy = (): CatalogText => ({ mode: "lazy", text: `${HINT}\n${lazyText(servers)}` });
  if (options.mode === "lazy" || servers.some((s) => s.tools === null)) return lazy();
  const full = snapshot(servers, 80);
  if (options.mode === "inline") return { mode: "inline", text: `${HINT}\n${full}` };
  const count = servers.reduce((n, s) => n + (s.tools?.length ?? 0), 0);
  if (count > options.maxTools) return lazy();
  for (const text of [full, snapshot(servers, 40), snapshot(servers, 0)]) {
    if (text.length <= options.maxChars) return { mode: "inline", text: `${HINT}\n${text}` };
  }
  return lazy();
}

function summary(s: DescribedServer): string {
  const n = s.tools === null ? "tools not loaded" : `${s.tools.length} tool${s.tools.length === 1 ? "" : "s"}`;
  const d = oneLine(s.description, 80);
  return d === "" ? `${s.name}: ${n}.` : `${s.name}: ${d.replace(/\.$/, "")}. ${n}.`;
}

/** Server summaries, tool lines with descriptions capped at `descMax` (0 = names only), one doc example. */
function snapshot(servers: readonly DescribedServer[], descMax: number): string {
  const lines = ["Configured upstream servers:"];
  let first: CatalogTool | undefined;
  for (const s of servers) {
    lines.push(`- ${summary(s)}`);
    const tools = s.tools ?? [];
    if (tools.length > 0) lines.push("  Tools:");
    for (const t of tools) {
      first ??= t;
      lines.push(`  - ${descMax === 0 ? t.name : dirLine({ ...t, description: oneLine(t.description, descMax) })}`);
    }
  }
  if (first !== undefined)
    lines.push(`Example: (doc '${first.server}/${first.name}) prints`, renderDoc({ ...first, description: "" }));
  return lines.join("\n");
}

function lazyText(servers: readonly DescribedServer[]): string {
  if (servers.length === 0) return "No upstream servers are configured.";
  return `Configured upstream servers (list their tools with dir): ${servers.map(lazySummary).join("; ")}.`;
}

function lazySummary(s: DescribedServer): string {
  const n = s.tools === null ? "" : ` (${s.tools.length} tool${s.tools.length === 1 ? "" : "s"})`;
  const d = oneLine(s.description, 60);
  return d === "" ? `${s.name}${n}` : `${s.name}${n} - ${d}`;
}
