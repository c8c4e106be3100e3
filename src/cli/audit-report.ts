/**
 * The pure half of `ptc-mcp audit`: `--since` parsing, owner → token-name resolution, the per-row
 * view and the `summary` grouping with p50/p95 durations. No I/O; audit.ts reads the store.
 */

import type { AuditRecord } from "../store/index.ts";
import { CliExit, EXIT } from "./errors.ts";

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * The epoch ms `--since` names: a duration back from `now` (`90s`, `30m`, `1h`, `7d`, `2w`) or an
 * ISO 8601 date/time (`2026-12-01`, `2026-12-01T20:00:00Z`).
 *
 * @throws {CliExit} usage (2) for anything else
 */
export function parseSince(text: string, now: number): number {
  const d = /^(\d+)([smhdw])$/.exec(text);
  if (d) return now - Number(d[1]) * (UNIT_MS[d[2] as string] as number);
  const at = /^\d{4}-\d\d-\d\d/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at))
    throw new CliExit(EXIT.usage, `--since: expected a duration (30m, 1h, 7d) or an ISO date, got "${text}"`);
  return at;
}

/** Maps owner ids to what an operator calls them: `pat:<id>` → token name; others unchanged. */
export type OwnerNames = (owner: string) => string;

/** The resolver over the token list (`id`, `name` pairs); a deleted token's rows keep `pat:<id>`. */
export function ownerNames(tokens: readonly { id: string; name: string }[]): OwnerNames {
  const names = new Map(tokens.map((t) => [`pat:${t.id}`, t.name]));
  return (owner) => names.get(owner) ?? owner;
}

/**
 * One audit row as `audit` prints it (JSON field names; times ISO 8601 UTC, durations in ms,
 * sizes in bytes). The tool-call fields are null for other requests and for rows written before
 * they existed; `reduction` is `upstreamBytes / bytesOut` rounded to 0.01, null without upstream bytes.
 */
export interface AuditRow {
  readonly at: string;
  readonly token: string;
  readonly owner: string;
  readonly method: string | null;
  readonly tool: string | null;
  readonly status: number;
  readonly durationMs: number;
  readonly outcome: string | null;
  readonly bytesIn: number | null;
  readonly bytesOut: number | null;
  readonly upstreamCalls: number | null;
  readonly upstreamBytes: number | null;
  readonly reduction: number | null;
}

/** `upstream / out` to 0.01, or null when either is missing or zero. */
export function reductionOf(upstream: number | null, out: number | null): number | null {
  if (!upstream || !out) return null;
  return Math.round((upstream / out) * 100) / 100;
}

/** The printed view of a stored record: the token name stored with it wins over today's names. */
export function auditRow(r: AuditRecord, names: OwnerNames): AuditRow {
  const bytesOut = r.bytesOut ?? null;
  const upstreamBytes = r.upstreamBytes ?? null;
  return {
    at: new Date(r.at).toISOString(),
    token: r.tokenName ?? names(r.owner),
    owner: r.owner,
    method: r.rpcMethod,
    tool: r.tool,
    status: r.status,
    durationMs: r.durationMs,
    outcome: r.outcome ?? null,
    bytesIn: r.bytesIn ?? null,
    bytesOut,
    upstreamCalls: r.upstreamCalls ?? null,
    upstreamBytes,
    reduction: reductionOf(upstreamBytes, bytesOut),
  };
}

/** What `summary --by` groups on. */
export type SummaryKey = "token" | "tool" | "day";

/**
 * One group of `summary`: request count, responses with status ≥ 400, tool calls that did not end
 * `ok`, duration percentiles (ms), bytes in and out, upstream calls and bytes, and the group's
 * payload reduction (its upstream bytes over its bytes out).
 */
export interface SummaryRow {
  readonly key: string;
  readonly calls: number;
  readonly errors: number;
  readonly failed: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly upstreamCalls: number;
  readonly upstreamBytes: number;
  readonly reduction: number | null;
}

/** Nearest-rank percentile `p` (0–100] of ascending `sorted`; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Groups rows by `by` (a row without a tool groups as `-`), largest group first, then by key. */
export function summarize(rows: readonly AuditRow[], by: SummaryKey): SummaryRow[] {
  const groups = new Map<string, AuditRow[]>();
  for (const r of rows) {
    const key = by === "token" ? r.token : by === "tool" ? (r.tool ?? "-") : r.at.slice(0, 10);
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  return [...groups.entries()]
    .map(([key, list]) => {
      const d = list.map((r) => r.durationMs).sort((a, b) => a - b);
      const errors = list.filter((r) => r.status >= 400).length;
      const failed = list.filter((r) => r.outcome !== null && r.outcome !== "ok").length;
      const sum = (f: (r: AuditRow) => number | null) => list.reduce((n, r) => n + (f(r) ?? 0), 0);
      const bytesOut = sum((r) => r.bytesOut);
      const upstreamBytes = sum((r) => r.upstreamBytes);
      return {
        key,
        calls: list.length,
        errors,
        failed,
        p50Ms: percentile(d, 50),
        p95Ms: percentile(d, 95),
        bytesIn: sum((r) => r.bytesIn),
        bytesOut,
        upstreamCalls: sum((r) => r.upstreamCalls),
        upstreamBytes,
        reduction: reductionOf(upstreamBytes, bytesOut),
      };
    })
    .sort((a, b) => (by === "day" ? a.key.localeCompare(b.key) : b.calls - a.calls || a.key.localeCompare(b.key)));
}
