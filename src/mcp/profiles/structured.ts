/**
 * The `structured` profile: the same concise text as `slim` in `content`, plus a compact
 * `structuredContent` a program can consume — `{status: "ok", result, validated?, …}` or
 * `{status: "error", reason, message, feedback, …}` — and the compact `outputSchema`. Diagnostics
 * (`ptc_metrics`, upstream call ledgers) stay out (mcp-server-configuration.md "Response profiles").
 */

import type { CallToolResult } from "@modelcontextprotocol/server";
import { guardEnvelope } from "./guard.ts";
import { OUTPUT_LIMITS } from "./limits.ts";
import { COMPACT_OUTPUT_SCHEMA } from "./output-schemas.ts";
import { errorPayload, type Payload, successPayload } from "./payload.ts";
import { capFeedback, slimRenderer } from "./slim.ts";
import type { ResponseRenderer } from "./types.ts";

const LIMITS = OUTPUT_LIMITS.structured;

/** The structured renderer. */
export const structuredRenderer: ResponseRenderer = {
  profile: "structured",
  outputSchema: COMPACT_OUTPUT_SCHEMA,
  success(outcome) {
    const payload = successPayload(outcome, LIMITS, false);
    const text = slimRenderer.success({
      ...outcome,
      text: payload.result as string,
      prints: (payload.prints as string[] | undefined) ?? [],
    }).content;
    return guardEnvelope(
      { structuredContent: payload, content: text } as CallToolResult,
      LIMITS.maxEnvelopeBytes,
      conciseText,
    );
  },
  failure(fault, prints = [], meta = {}) {
    const payload = errorPayload(fault, prints, LIMITS, meta, false);
    const text = slimRenderer.failure(fault, (payload.prints as string[] | undefined) ?? []).content;
    return guardEnvelope(
      { isError: true, structuredContent: payload, content: text } as CallToolResult,
      LIMITS.maxEnvelopeBytes,
      conciseText,
    );
  },
};

/** Text for a payload the guard had to shrink. */
function conciseText(payload: Payload): string {
  if (payload.status === "error") return capFeedback(`${String(payload.reason)}: ${String(payload.message ?? "")}`);
  return typeof payload.result === "string" ? payload.result : "[result omitted: over the response size limit]";
}
