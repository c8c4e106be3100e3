/**
 * One entry of a program's `upstream_calls` ledger (aggregator-mode.md "World-fault vs
 * programmer-fault" and "Payload reduction"). The response profiles decide where it appears and
 * derive `ptc_metrics` from it (src/mcp/profiles/metrics.ts): `debug` shows both inline, `slim`
 * and `structured` leave them out.
 */

import type { WorldReason } from "./types.ts";

/** One `(tool/call ...)` as recorded for the program that made it. */
export interface UpstreamCallRecord {
  readonly server: string;
  readonly tool: string;
  readonly status: "ok" | "error";
  /** Wall-clock time of the call in whole ms. */
  readonly duration_ms: number;
  /** When the call went out, in whole ms after the program's first host request (for waterfalls). */
  readonly started_ms?: number;
  /** Size of the upstream's answer in bytes (0 when there was none). */
  readonly result_bytes: number;
  /** True when the answer was refused for exceeding `--max-upstream-response-bytes`. */
  readonly oversize: boolean;
  /** World-fault reason, on error. */
  readonly reason?: WorldReason;
  /** Scrubbed detail message, on error. */
  readonly error?: string;
}
