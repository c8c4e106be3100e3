/**
 * Prompt-size benchmark of agentic mode (agentic-mode.md "Prompt-size benchmark"): the bytes of
 * the planner system prompt (paid server-side on every `lisp_task`) and of the `lisp_task` tool
 * entry in `tools/list` (paid by the client once per session), for synthetic fleets of 3, 40 and
 * 400 upstream tools in the inline, lazy and auto catalog modes. The `lisp_eval` entry of the same
 * fleet is the baseline. Deterministic: pure functions over a generated catalog, no servers.
 *
 *   bun bench/agentic-prompt.ts        (or: bun bench/run.ts --only agentic-prompt)
 */

import { capabilitySummary, lispTaskDescription, LispTaskInputSchema, systemPrompt } from "../src/agentic/index.ts";
import { languageCard, lispEvalDescription } from "../src/mcp/tool-description.ts";
import { advertised, LispEvalInputSchema } from "../src/mcp/tool-schema.ts";
import { type CatalogMode, catalogText, type DescribedServer } from "../src/upstream/catalog/description.ts";
import type { CatalogTool } from "../src/upstream/index.ts";

/** One measured cell. */
export interface PromptSizeRow {
  readonly tools: number;
  readonly mode: CatalogMode;
  /** What `auto` resolved to. */
  readonly resolved: "inline" | "lazy";
  readonly systemPromptBytes: number;
  readonly taskEntryBytes: number;
  readonly evalEntryBytes: number;
}

const LIMITS = { timeoutMs: 10_000, loopLimit: 1000 };
const VERBS = ["get", "list", "search", "create", "update", "delete"] as const;

/** A fleet of `count` tools over ceil(count / 20) servers, a third of them write-capable. */
function fleet(count: number): DescribedServer[] {
  const servers = Math.max(1, Math.ceil(count / 20));
  return Array.from({ length: servers }, (_, s) => {
    const name = `svc${s}`;
    const n = Math.floor(count / servers) + (s < count % servers ? 1 : 0);
    const tools: CatalogTool[] = Array.from({ length: n }, (_, t) => {
      const verb = VERBS[t % VERBS.length] as string;
      return {
        server: name,
        name: `${verb}_record_${t}`,
        description: `${verb[0]?.toUpperCase()}${verb.slice(1)} one record of kind ${t} by its id, with optional filters and paging.`,
        inputSchema: {
          type: "object",
          properties: { id: { type: "string", description: "record id" }, limit: { type: "integer" } },
          required: ["id"],
        },
        annotations: { readOnlyHint: verb === "get" || verb === "list" || verb === "search" },
      };
    });
    return { name, description: `Synthetic service ${s} for the prompt-size benchmark`, tools };
  });
}

function entryBytes(name: string, description: string, schema: Parameters<typeof advertised>[0]): number {
  const inputSchema = advertised(schema)["~standard"].jsonSchema.input({ target: "draft-2020-12" });
  const entry = { name, description, inputSchema, annotations: { readOnlyHint: true, openWorldHint: true } };
  return Buffer.byteLength(JSON.stringify(entry), "utf8");
}

/** Measures every cell. */
export function agenticPromptSizes(): PromptSizeRow[] {
  const rows: PromptSizeRow[] = [];
  const card = languageCard(LIMITS);
  for (const tools of [3, 40, 400]) {
    const servers = fleet(tools);
    const summary = capabilitySummary(
      servers.map((s) => ({ name: s.name, description: s.description, tools: s.tools ?? [] })),
      800,
    );
    for (const mode of ["inline", "lazy", "auto"] as const) {
      const catalog = catalogText(servers, { mode, maxTools: 8, maxChars: 800 });
      const system = systemPrompt({
        languageCard: card,
        summary,
        catalog: catalog.text,
        prefix: "",
        suffix: "",
        programTimeoutMs: LIMITS.timeoutMs,
        maxUpstreamCalls: 50,
        maxAnswerBytes: 4096,
        turns: 1,
      });
      rows.push({
        tools,
        mode,
        resolved: catalog.mode,
        systemPromptBytes: Buffer.byteLength(system, "utf8"),
        taskEntryBytes: entryBytes("lisp_task", lispTaskDescription(summary), LispTaskInputSchema),
        evalEntryBytes: entryBytes("lisp_eval", lispEvalDescription(LIMITS, catalog.text), LispEvalInputSchema),
      });
    }
  }
  return rows;
}

/** Prints the table (bytes; ÷ 4 ≈ tokens). */
export function printAgenticPromptSizes(rows: readonly PromptSizeRow[]): void {
  console.log("\nAgentic prompt sizes (bytes; ÷ 4 ≈ tokens)");
  console.log("| tools | catalog mode | planner system prompt | lisp_task entry | lisp_eval entry (baseline) |");
  console.log("|---|---|---|---|---|");
  for (const r of rows) {
    const mode = r.mode === "auto" ? `auto (→ ${r.resolved})` : r.mode;
    console.log(`| ${r.tools} | ${mode} | ${r.systemPromptBytes} | ${r.taskEntryBytes} | ${r.evalEntryBytes} |`);
  }
}

if (import.meta.main) printAgenticPromptSizes(agenticPromptSizes());
