/**
 * `ptc-mcp audit`: reads the audit table under `--data-dir` (one row per HTTP MCP request), with
 * each owner shown by its token name.
 *
 *   ptc-mcp audit [--since 1h|ISO] [--token NAME] [--tool T] [--limit N] [-o json]
 *   ptc-mcp audit summary --by token|tool|day [same filters]
 *
 * Rows print oldest first: time, token, JSON-RPC method, tool, HTTP status, outcome, duration (ms),
 * bytes in and out, upstream calls and payload reduction. `summary` prints per group the request
 * count, responses with status ≥ 400, failed tool calls, p50/p95 durations, bytes and reduction.
 * Stdio servers write rows too (token `stdio`).
 */

import { type ArgsDef, defineCommand } from "citty";
import { openStore } from "../store/index.ts";
import { type AuditRow, auditRow, ownerNames, parseSince, type SummaryKey, summarize } from "./audit-report.ts";
import { CliExit, EXIT } from "./errors.ts";
import { storeArgs, storeLocationFromArgs } from "./store-args.ts";
import { table } from "./token.ts";

const filterArgs = {
  since: {
    type: "string",
    description: "only rows this recent (30m, 1h, 7d) or since an ISO date",
    valueHint: "1h|ISO",
  },
  token: {
    type: "string",
    description: "only requests of this token name (or static, or stdio)",
    valueHint: "name",
  },
  tool: { type: "string", description: "only tools/call requests of this tool", valueHint: "name" },
  limit: { type: "string", description: "at most this many rows, the newest (default 10000)", valueHint: "n" },
  output: { type: "string", alias: "o", description: "text (default) or json", valueHint: "text|json" },
  ...storeArgs,
} satisfies ArgsDef;

/** The filtered rows, resolved to token names. Store and config errors propagate (exit-codes.ts). */
async function readRows(args: Record<string, unknown>): Promise<AuditRow[]> {
  if (args.output !== undefined && args.output !== "text" && args.output !== "json")
    throw new CliExit(EXIT.usage, "--output: expected text or json");
  const limit = typeof args.limit === "string" ? Number(args.limit) : 10_000;
  if (!Number.isInteger(limit) || limit <= 0) throw new CliExit(EXIT.usage, "--limit: expected a positive integer");
  const since = typeof args.since === "string" ? parseSince(args.since, Date.now()) : undefined;
  const store = await openStore(storeLocationFromArgs(args));
  try {
    const tokens = await store.tokens.list();
    let owner: string | undefined;
    if (typeof args.token === "string") {
      const found = tokens.find((t) => t.name === args.token);
      if (found === undefined && args.token !== "static" && args.token !== "stdio")
        throw new CliExit(EXIT.usage, `--token: no token named "${args.token}"`);
      owner = found === undefined ? args.token : `pat:${found.id}`;
    }
    const tool = typeof args.tool === "string" ? args.tool : undefined;
    const names = ownerNames(tokens);
    const rows = await store.audit.query({
      limit,
      ...(since === undefined ? {} : { since }),
      ...(owner ? { owner } : {}),
      ...(tool ? { tool } : {}),
    });
    return rows.map((r) => auditRow(r, names));
  } finally {
    await store.close();
  }
}

const summary = defineCommand({
  meta: { name: "summary", description: "Request counts, errors and p50/p95 durations per token, tool or day" },
  args: {
    by: { type: "string", description: "group by token, tool or day (default token)", valueHint: "token|tool|day" },
    ...filterArgs,
  },
  async run({ args }) {
    const by = (args.by ?? "token") as SummaryKey;
    if (by !== "token" && by !== "tool" && by !== "day")
      throw new CliExit(EXIT.usage, "--by: expected token, tool or day");
    const groups = summarize(await readRows(args), by);
    if (args.output === "json") {
      process.stdout.write(`${JSON.stringify(groups)}\n`);
      return;
    }
    const header = [
      by.toUpperCase(),
      "CALLS",
      "ERRORS",
      "FAILED",
      "P50 MS",
      "P95 MS",
      "IN",
      "OUT",
      "UPSTREAM",
      "REDUCTION",
    ];
    const body = groups.map((g) => [
      g.key,
      String(g.calls),
      String(g.errors),
      String(g.failed),
      String(g.p50Ms),
      String(g.p95Ms),
      String(g.bytesIn),
      String(g.bytesOut),
      String(g.upstreamCalls),
      reductionText(g.reduction),
    ]);
    process.stdout.write(`${table([header, ...body])}\n`);
  },
});

const list = defineCommand({
  meta: { name: "list", description: "Audit rows, oldest first (the default of `audit`)" },
  args: filterArgs,
  async run({ args }) {
    const rows = await readRows(args);
    if (args.output === "json") {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
      return;
    }
    const header = [
      "TIME",
      "TOKEN",
      "METHOD",
      "TOOL",
      "STATUS",
      "OUTCOME",
      "DURATION MS",
      "IN",
      "OUT",
      "UPSTREAM",
      "REDUCTION",
    ];
    const dash = (n: number | string | null) => (n === null ? "-" : String(n));
    const body = rows.map((r) => [
      `${r.at.slice(0, 19).replace("T", " ")}Z`,
      r.token,
      r.method ?? "-",
      r.tool ?? "-",
      String(r.status),
      dash(r.outcome),
      String(r.durationMs),
      dash(r.bytesIn),
      dash(r.bytesOut),
      dash(r.upstreamCalls),
      reductionText(r.reduction),
    ]);
    process.stdout.write(`${table([header, ...body])}\n`);
  },
});

/** How the root runs this command and maps its errors (command-entries.ts). */
export { exitFor, runCommand } from "./command-module.ts";

export default defineCommand({
  meta: { name: "audit", description: "Read the HTTP audit table under --data-dir, by token name" },
  // The filters are listed here too so `audit --since 1h` (the default `list`) passes the option check.
  args: filterArgs,
  subCommands: { list, summary },
  default: "list",
});

/** `12.5x`, or `-` when there is no reduction to show. */
function reductionText(ratio: number | null): string {
  return ratio === null ? "-" : `${ratio}x`;
}
