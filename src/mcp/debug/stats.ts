/**
 * `lisp_debug op=stats` aggregates (mcp-debug.md "Operations"): per-tool counts, error rates and
 * latency percentiles, the error-reason histogram, upstream-call outcomes, and the
 * `payload_reduction` roll-up of the per-call `ptc_metrics` (aggregator-mode.md "Payload
 * reduction": ratios that are null are skipped, the weighted ratio is Σ upstream ÷ Σ final over the
 * calls that have one), and, once `lisp_task` calls were made, the `agentic_planner` roll-up of their
 * planner blocks (tasks, turns, planner time, provider tokens, by model). Reads only the index
 * fields of the entries, never their serialized records.
 */

import type { DebugEntry } from "./types.ts";

/** Reducers listed in `payload_reduction.top_reducers`. */
export const TOP_REDUCERS = 5;

/** Computes the aggregate part of a `stats` response over `entries` (any order). */
export function aggregate(entries: readonly DebugEntry[]): Record<string, unknown> {
  const byTool = new Map<string, DebugEntry[]>();
  const errorsByReason: Record<string, number> = {};
  let errors = 0;
  const upstream = { total: 0, ok: 0, error: 0, by_reason: {} as Record<string, number> };
  const byServer: Record<string, { total: number; ok: number; error: number; by_reason: Record<string, number> }> = {};
  const reducers: DebugEntry[] = [];
  let finalBytes = 0;
  let upstreamBytes = 0;
  let weightedFinal = 0;
  let weightedUpstream = 0;

  for (const e of entries) {
    const list = byTool.get(e.tool);
    if (list) list.push(e);
    else byTool.set(e.tool, [e]);
    if (!e.ok) {
      errors++;
      bump(errorsByReason, e.reason ?? "unknown");
    }
    for (const call of e.upstream) {
      const server = byServer[call.server] ?? { total: 0, ok: 0, error: 0, by_reason: {} };
      byServer[call.server] = server;
      upstream.total++;
      server.total++;
      if (call.ok) {
        upstream.ok++;
        server.ok++;
      } else {
        upstream.error++;
        server.error++;
        bump(upstream.by_reason, call.reason ?? "unknown");
        bump(server.by_reason, call.reason ?? "unknown");
      }
    }
    if (e.reduction) {
      finalBytes += e.reduction.finalResultBytes;
      upstreamBytes += e.reduction.upstreamResultBytes;
      if (e.reduction.ratio !== null) {
        reducers.push(e);
        weightedFinal += e.reduction.finalResultBytes;
        weightedUpstream += e.reduction.upstreamResultBytes;
      }
    }
  }

  const tools: Record<string, unknown> = {};
  for (const [tool, list] of [...byTool].sort(([a], [b]) => a.localeCompare(b))) {
    const failed = list.filter((e) => !e.ok).length;
    const durations = list.map((e) => e.durationMs).sort((a, b) => a - b);
    tools[tool] = {
      calls: list.length,
      ok: list.length - failed,
      error: failed,
      error_rate: round(failed / list.length, 3),
      duration_ms: { p50: percentile(durations, 50), p95: percentile(durations, 95), max: percentile(durations, 100) },
    };
  }

  const ratios = reducers.map((e) => e.reduction?.ratio as number).sort((a, b) => a - b);
  const top = [...reducers]
    .sort((a, b) => (b.reduction?.ratio as number) - (a.reduction?.ratio as number))
    .slice(0, TOP_REDUCERS)
    .map((e) => ({
      request_id: e.requestId,
      tool: e.tool,
      payload_reduction_ratio: e.reduction?.ratio,
      upstream_result_bytes: e.reduction?.upstreamResultBytes,
      final_result_bytes: e.reduction?.finalResultBytes,
    }));

  return {
    ...plannerStats(entries),
    by_tool: tools,
    errors: { total: errors, by_reason: errorsByReason },
    upstream_calls: { ...upstream, by_server: byServer },
    payload_reduction: {
      calls: entries.filter((e) => e.reduction !== null).length,
      calls_with_ratio: reducers.length,
      final_result_bytes: finalBytes,
      upstream_result_bytes: upstreamBytes,
      ratio:
        ratios.length === 0
          ? null
          : {
              p50: percentile(ratios, 50),
              p95: percentile(ratios, 95),
              max: percentile(ratios, 100),
              weighted: round(weightedUpstream / Math.max(weightedFinal, 1), 2),
            },
      top_reducers: top,
      token_estimate_method: "utf8_bytes_div_4",
    },
  };
}

/** `{agentic_planner: ...}` over the entries with planner facts; `{}` when there are none. */
function plannerStats(entries: readonly DebugEntry[]): Record<string, unknown> {
  const tasks = entries.flatMap((e) => (e.planner ? [e.planner] : []));
  if (tasks.length === 0) return {};
  const byModel: Record<string, number> = {};
  for (const t of tasks) bump(byModel, t.model);
  const reported = tasks.filter((t) => t.promptTokens !== null);
  const turns = tasks.reduce((n, t) => n + t.turns, 0);
  const durations = tasks.map((t) => t.durationMs).sort((a, b) => a - b);
  return {
    agentic_planner: {
      tasks: tasks.length,
      turns,
      turns_per_task: round(turns / tasks.length, 2),
      duration_ms: { p50: percentile(durations, 50), p95: percentile(durations, 95), max: percentile(durations, 100) },
      tasks_with_token_counts: reported.length,
      prompt_tokens: reported.reduce((n, t) => n + (t.promptTokens ?? 0), 0),
      completion_tokens: reported.reduce((n, t) => n + (t.completionTokens ?? 0), 0),
      by_model: byModel,
    },
  };
}

/** Nearest-rank percentile of an ascending list (0 for an empty one), rounded to 0.001. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return round(sorted[rank - 1] as number, 3);
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
