/**
 * The structured payload behind the `structured` and `debug` profiles: `{status: "ok", result, …}`
 * or `{status: "error", reason, message, feedback, …}` (mcp-server-configuration.md "Response
 * profiles"), already shaped by the profile's {@link OutputLimits}: prints and feedback capped,
 * `validated` kept only when its exact JSON fits (exact-or-absent), otherwise replaced by
 * `validated_preview` + `validated_bytes` with `truncated` / `output_truncated` set.
 */

import type { EvalSuccess, FaultCode } from "../../sandbox/index.ts";
import { type OutputLimits, capLines, takeBytes } from "./limits.ts";
import { describeFault } from "./slim.ts";
import type { CallMeta, ToolFault } from "./types.ts";

/** A payload under construction: JSON-compatible fields by name. */
export type Payload = Record<string, unknown>;

/**
 * The coarse `reason` of an error payload. Interpreter error types collapse into the reasons the
 * reference enumerates (parse, runtime, limits); the exact type stays in `feedback` (and
 * `error_type` in `debug`).
 */
export function reasonOf(code: FaultCode): string {
  switch (code) {
    case "parse_error":
    case "invalid_form":
    case "invalid_placeholder":
      return "parse_error";
    case "memory_exceeded":
    case "stack_overflow":
      return "memory_limit";
    case "timeout":
    case "fail":
    case "args_error":
    case "validation_error":
    case "busy":
    case "cancelled":
    case "internal_error":
    case "session_not_found":
    case "session_busy":
    case "session_limit":
    case "unstorable_value":
    case "store_unavailable":
      return code;
    case "invalid_arity":
    case "type_error":
    case "arithmetic_error":
    case "arity_error":
    case "unbound_var":
    case "not_callable":
    case "runtime_error":
    case "loop_limit_exceeded":
    case "unknown_tool":
    case "tool_error":
    case "destructure_error":
    case "unsupported_pattern":
    case "unsupported_method":
      return "runtime_error";
    default:
      return unreachable(code);
  }
}

/** Compile-time exhaustiveness: a new {@link FaultCode} that no case handles fails to type-check here. */
function unreachable(code: never): string {
  return String(code);
}

/** Success payload. `full` (debug) keeps every field even when empty. */
export function successPayload(outcome: EvalSuccess, limits: OutputLimits, full: boolean): Payload {
  const out: Payload = { status: "ok" };
  let truncated = false;
  const result = resultText(outcome.text, limits);
  out.result = result.text;
  truncated ||= result.cut;
  const prints = capLines(outcome.prints, limits.maxPrintLines, limits.maxPrintBytes);
  if (full || prints.kept.length > 0) out.prints = prints.kept;
  if (prints.cut) out.prints_truncated = true;
  truncated ||= prints.cut;
  if (outcome.validated) {
    const bytes = outcome.jsonBytes ?? 0;
    if (bytes <= limits.maxValidatedBytes) out.validated = outcome.json ?? null;
    else {
      const preview = previewOf(outcome.text, limits.previewChars);
      out.validated_preview = preview.text;
      if (preview.cut) out.validated_preview_truncated = true;
      out.validated_bytes = bytes;
      truncated = true;
    }
  }
  if (full) out.feedback = "";
  if (full || truncated) out.truncated = truncated;
  if (truncated) out.output_truncated = true;
  return out;
}

/** Error payload. `full` (debug) adds the exact error type, position and always-present fields. */
export function errorPayload(
  fault: ToolFault,
  prints: readonly string[],
  limits: OutputLimits,
  meta: CallMeta,
  full: boolean,
): Payload {
  const out: Payload = { status: "error", reason: reasonOf(fault.code), message: fault.message };
  let truncated = false;
  const feedback = takeBytes(describeFault(fault), limits.maxFeedbackBytes);
  out.feedback = feedback.text;
  if (feedback.cut) out.feedback_truncated = true;
  truncated ||= feedback.cut;
  if (meta.resultText !== undefined) {
    const result = resultText(meta.resultText, limits);
    out.result = result.text;
    truncated ||= result.cut;
  }
  const kept = capLines(prints, limits.maxPrintLines, limits.maxPrintBytes);
  if (full || kept.kept.length > 0) out.prints = kept.kept;
  if (kept.cut) out.prints_truncated = true;
  truncated ||= kept.cut;
  if (full) {
    out.error_type = fault.code;
    if (fault.line !== undefined) out.line = fault.line;
    if (fault.column !== undefined) out.column = fault.column;
  }
  if (full || truncated) out.truncated = truncated;
  if (truncated) out.output_truncated = true;
  return out;
}

/** The readable result within the profile's budget, with a note saying how big it was when cut. */
function resultText(text: string, limits: OutputLimits): { text: string; cut: boolean } {
  const kept = takeBytes(text, limits.maxResultBytes);
  if (!kept.cut) return kept;
  const note = `\n… [result truncated: ${Buffer.byteLength(text, "utf8")} bytes in total; return less, e.g. (take 20 xs) or (count xs)]`;
  return { text: takeBytes(text, limits.maxResultBytes - 200).text + note, cut: true };
}

/** The first `chars` characters of the readable value, marked with `…` when cut. */
function previewOf(text: string, chars: number): { text: string; cut: boolean } {
  const points = Array.from(text);
  if (points.length <= chars) return { text, cut: false };
  return { text: `${points.slice(0, chars).join("")}…`, cut: true };
}
