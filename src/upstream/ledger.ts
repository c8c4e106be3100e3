/**
 * The per-program record of upstream calls (`upstream_calls`) and the `ptc_metrics` block derived
 * from it (aggregator-mode.md "Payload reduction"). Response profiles decide where they appear:
 * `debug` shows both inline; `slim` and `structured` leave them out.
 */

import type { WorldReason } from "./types.ts";

/** One `(tool/call ...)` as recorded for the program that made it. */
export interface UpstreamCallRecord {
  readonly server: string;
  readonly tool: string;
  readonly status: "ok" | "error";
  /** Wall-clock time of the call in ms (three decimals). */
  readonly duration_ms: number;
  /** Size of the upstream's answer in bytes (0 when there was none). */
  readonly result_bytes: number;
  /** True when the answer was refused for exceeding `--max-upstream-response-bytes`. */
  readonly oversize: boolean;
  /** World-fault reason, on error. */
  readonly reason?: WorldReason;
  /** Scrubbed detail message, on error. */
  readonly error?: string;
}

/** `ptc_metrics`, schema version 1. */
export interface PtcMetrics {
  readonly schema_version: 1;
  readonly final_result_bytes: number;
  readonly prints_bytes: number;
  readonly upstream_call_count: number;
  readonly upstream_ok_count: number;
  readonly upstream_error_count: number;
  readonly upstream_oversize_count: number;
  readonly upstream_result_bytes: number;
  readonly upstream_error_bytes: number;
  readonly upstream_oversize_bytes: number;
  readonly payload_reduction_ratio: number | null;
  readonly estimated_final_result_tokens: number;
  readonly estimated_upstream_result_tokens: number;
  readonly token_estimate_method: "utf8_bytes_div_4";
  readonly baseline: {
    readonly conservative: { readonly name: "successful_upstream_results_only"; readonly bytes: number; readonly ratio: number | null; readonly note: string };
    readonly optimistic: { readonly name: "no_ptc_direct_llm_workflow"; readonly available: false; readonly note: string };
  };
}

/**
 * Derives `ptc_metrics` from a program's calls.
 *
 * @param finalResultBytes UTF-8 bytes of the rendered result; pass 0 for a failed program
 * @param printsBytes UTF-8 bytes of everything printed
 */
export function ptcMetrics(calls: readonly UpstreamCallRecord[], finalResultBytes: number, printsBytes: number): PtcMetrics {
  let ok = 0;
  let errors = 0;
  let oversize = 0;
  let okBytes = 0;
  let errorBytes = 0;
  let oversizeBytes = 0;
  for (const c of calls) {
    if (c.oversize) {
      oversize++;
      oversizeBytes += c.result_bytes;
    } else if (c.status === "ok") {
      ok++;
      okBytes += c.result_bytes;
    } else {
      errors++;
      errorBytes += c.result_bytes;
    }
  }
  // Oversize calls are failed calls too: count them with the errors, report their bytes apart.
  const ratio = okBytes > 0 && finalResultBytes > 0 ? Math.round((okBytes / finalResultBytes) * 100) / 100 : null;
  return {
    schema_version: 1,
    final_result_bytes: finalResultBytes,
    prints_bytes: printsBytes,
    upstream_call_count: calls.length,
    upstream_ok_count: ok,
    upstream_error_count: errors + oversize,
    upstream_oversize_count: oversize,
    upstream_result_bytes: okBytes,
    upstream_error_bytes: errorBytes,
    upstream_oversize_bytes: oversizeBytes,
    payload_reduction_ratio: ratio,
    estimated_final_result_tokens: Math.ceil(finalResultBytes / 4),
    estimated_upstream_result_tokens: Math.ceil(okBytes / 4),
    token_estimate_method: "utf8_bytes_div_4",
    baseline: {
      conservative: {
        name: "successful_upstream_results_only",
        bytes: okBytes,
        ratio,
        note: "bytes of successful upstream results the program reduced to its answer",
      },
      optimistic: { name: "no_ptc_direct_llm_workflow", available: false, note: "the server cannot observe a workflow without PTC" },
    },
  };
}
