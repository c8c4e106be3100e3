/**
 * The `debug` profile: the full payload in `structuredContent` — exact error type and position,
 * run time, `ptc_metrics`, upstream calls — mirrored as JSON in `content[0].text`, with the full
 * `outputSchema`. Meant for operators and harnesses, not for a model's context: it costs a roughly
 * fixed few hundred tokens per call (mcp-server-configuration.md "Response profiles").
 */

import type { CallToolResult } from "@modelcontextprotocol/server";
import { guardEnvelope } from "./guard.ts";
import { OUTPUT_LIMITS } from "./limits.ts";
import { ptcMetrics } from "./metrics.ts";
import { FULL_OUTPUT_SCHEMA } from "./output-schemas.ts";
import { errorPayload, type Payload, successPayload } from "./payload.ts";
import type { ResponseRenderer } from "./types.ts";

const LIMITS = OUTPUT_LIMITS.debug;

/** The debug renderer. */
export const debugRenderer: ResponseRenderer = {
  profile: "debug",
  outputSchema: FULL_OUTPUT_SCHEMA,
  success(outcome, meta = {}) {
    const payload = successPayload(outcome, LIMITS, true);
    payload.duration_ms = outcome.durationMs;
    const upstreamCalls = meta.upstreamCalls ?? [];
    if (upstreamCalls.length > 0) payload.upstream_calls = upstreamCalls;
    payload.ptc_metrics = ptcMetrics({
      result: payload.result as string,
      prints: payload.prints as string[],
      upstreamCalls,
    });
    return mirrored(payload, false);
  },
  failure(fault, prints = [], meta = {}) {
    const payload = errorPayload(fault, prints, LIMITS, meta, true);
    const upstreamCalls = meta.upstreamCalls ?? [];
    if (upstreamCalls.length > 0) payload.upstream_calls = upstreamCalls;
    payload.ptc_metrics = ptcMetrics({ prints: payload.prints as string[], upstreamCalls });
    return mirrored(payload, true);
  },
};

function mirrored(payload: Payload, isError: boolean): CallToolResult {
  const result: CallToolResult = {
    structuredContent: payload,
    content: [{ type: "text", text: JSON.stringify(payload) }],
  };
  if (isError) result.isError = true;
  return guardEnvelope(result, LIMITS.maxEnvelopeBytes, (p) => JSON.stringify(p));
}
