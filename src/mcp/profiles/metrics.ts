/**
 * `ptc_metrics`, the payload-reduction accounting of the `debug` profile (aggregator-mode.md
 * "Payload reduction"): how many upstream result bytes the program collapsed into its answer.
 * Bytes are exact; token figures are estimates (UTF-8 bytes ÷ 4). Without upstream calls every
 * upstream figure is 0 and the ratio is null.
 */

import { byteLength } from "./limits.ts";
import type { UpstreamCallRecord } from "./types.ts";

/** Inputs: the answer and prints as sent, and the program's upstream calls. */
export interface MetricsInput {
  /** The `result` field of a success; absent for errors (then 0 bytes, ratio null). */
  readonly result?: string | undefined;
  readonly prints: readonly string[];
  readonly upstreamCalls: readonly UpstreamCallRecord[];
}

/** Builds the `ptc_metrics` object (schema_version 1). */
export function ptcMetrics(input: MetricsInput): Record<string, unknown> {
  const finalBytes = input.result === undefined ? 0 : byteLength(input.result);
  const printsBytes = input.prints.length === 0 ? 0 : byteLength(JSON.stringify(input.prints));
  let ok = 0;
  let errors = 0;
  let oversize = 0;
  let okBytes = 0;
  let errorBytes = 0;
  let oversizeBytes = 0;
  for (const call of input.upstreamCalls) {
    const bytes = call.result_bytes ?? 0;
    if (call.oversize) {
      oversize++;
      oversizeBytes += bytes;
    } else if (call.status === "ok") {
      ok++;
      okBytes += bytes;
    } else {
      errors++;
      errorBytes += bytes;
    }
  }
  const ratio = finalBytes > 0 && okBytes > 0 ? Math.round((okBytes / finalBytes) * 100) / 100 : null;
  return {
    schema_version: 1,
    final_result_bytes: finalBytes,
    prints_bytes: printsBytes,
    upstream_call_count: input.upstreamCalls.length,
    upstream_ok_count: ok,
    upstream_error_count: errors,
    upstream_oversize_count: oversize,
    upstream_result_bytes: okBytes,
    upstream_error_bytes: errorBytes,
    upstream_oversize_bytes: oversizeBytes,
    payload_reduction_ratio: ratio,
    estimated_final_result_tokens: Math.ceil(finalBytes / 4),
    estimated_upstream_result_tokens: Math.ceil(okBytes / 4),
    token_estimate_method: "utf8_bytes_div_4",
    baseline: {
      conservative: {
        name: "successful_upstream_results_only",
        bytes: okBytes,
        ratio,
        note: "counts only upstream results that succeeded and were within the size cap",
      },
      optimistic: {
        name: "no_ptc_direct_llm_workflow",
        available: false,
        note: "the server cannot observe what a workflow without this tool would have cost",
      },
    },
  };
}
