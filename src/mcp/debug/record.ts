/**
 * Builds one `lisp_debug` record from a finished tool call (mcp-debug.md "What gets recorded",
 * "Redaction"). The facts come from the handler through the tracer seam when it traces (exact error
 * type, the full pre-profile result, upstream calls), else from the `tools/call` result itself.
 *
 * Payload policy (`--trace-payloads`), never exceeded:
 * - `none`: program as `{bytes, sha256}`, context and result as `{bytes}`;
 * - `summary`: adds a program preview (first {@link PREVIEW_CHARS} characters);
 * - `full`: the verbatim program, context (as JSON), result and other arguments.
 * Error messages are kept whole at every level. Every free-text string goes through the redactor.
 * A record over {@link MAX_RECORD_BYTES} is summarized: verbatim texts become previews, long lists
 * are cut, and `summarized: true` says so.
 */

import { createHash } from "node:crypto";
import type { CallToolResult } from "@modelcontextprotocol/server";
import { ptcMetrics } from "../profiles/metrics.ts";
import type { UpstreamCallRecord } from "../profiles/types.ts";
import type { CallFacts, DebugEntry, PlannerFacts, RecordPolicy, ReductionFacts } from "./types.ts";

/** A record larger than this (serialized, UTF-8 bytes) is summarized. */
export const MAX_RECORD_BYTES = 256 * 1024;
/** Bytes charged per entry on top of its serialized record (index fields, map slot). */
export const ENTRY_OVERHEAD_BYTES = 256;
/** Bytes charged per upstream call held in the index fields (server, outcome, reason). */
const UPSTREAM_INDEX_BYTES = 64;
/** Characters of a program preview (`summary`) and of each text kept in a summarized record. */
export const PREVIEW_CHARS = 256;
/** Upstream calls kept in a summarized record. */
const SUMMARIZED_UPSTREAM_CALLS = 50;
/** Characters of an error message kept in a summarized record. */
const SUMMARIZED_MESSAGE_CHARS = 16 * 1024;

/** Everything known about one call when it ends. */
export interface CallObservation {
  readonly requestId: string;
  readonly tool: string;
  readonly owner: string | null;
  /** Hashed caller ids from the HTTP transport (`owner_hash`, `mcp_session_hash`); absent over stdio. */
  readonly caller?: Readonly<Record<string, string>> | undefined;
  readonly startedMs: number;
  readonly durationMs: number;
  /** The raw `arguments` of `tools/call`. */
  readonly args: unknown;
  /** The handler's result; absent when it threw. */
  readonly result?: CallToolResult | undefined;
  /** Message of an exception the handler threw. */
  readonly thrown?: string | undefined;
  readonly facts: CallFacts;
}

type Json = Record<string, unknown>;

/** Builds the ring entry for `call`. Pure apart from hashing; never throws on odd results. */
export function buildEntry(call: CallObservation, policy: RecordPolicy): DebugEntry {
  const { facts, result } = call;
  const scrub = policy.scrub;
  const structured = isObject(result?.structuredContent) ? result.structuredContent : undefined;
  const status = statusOf(call, structured);
  const upstreamCalls = facts.end?.upstreamCalls ?? upstreamFrom(structured);
  const ranProgram = facts.end !== undefined && facts.start?.program !== undefined;

  const record: Json = {
    request_id: call.requestId,
    tool: call.tool,
    started_at: new Date(call.startedMs).toISOString(),
    duration_ms: round3(call.durationMs),
    status: status.ok ? "ok" : "error",
  };
  if (!status.ok) {
    record.reason = status.reason;
    if (status.errorType && status.errorType !== status.reason) record.error_type = status.errorType;
    if (status.message !== undefined) record.message = scrub(status.message);
  }
  if (call.caller && Object.keys(call.caller).length > 0) record.caller = call.caller;
  Object.assign(record, argumentsOf(call, policy));
  const resultText = facts.end ? facts.end.result : textOf(result);
  if (resultText !== undefined) record.result = describeText(resultText, policy, false);
  if (facts.end?.prints) record.prints = facts.end.prints;
  if (upstreamCalls.length > 0) record.upstream_calls = upstreamCalls.map((c) => scrubCall(c, scrub));

  let reduction: ReductionFacts | null = null;
  if (ranProgram || upstreamCalls.length > 0) {
    const metrics = isObject(structured?.ptc_metrics)
      ? structured.ptc_metrics
      : ptcMetrics({ result: status.ok ? resultText : undefined, prints: [], upstreamCalls });
    record.ptc_metrics = compactMetrics(metrics);
    reduction = {
      finalResultBytes: num(metrics.final_result_bytes),
      upstreamResultBytes: num(metrics.upstream_result_bytes),
      ratio: typeof metrics.payload_reduction_ratio === "number" ? metrics.payload_reduction_ratio : null,
    };
  }
  if (facts.traceId) record.trace_id = facts.traceId;

  const json = serializeBounded(record);
  return {
    requestId: call.requestId,
    tool: call.tool,
    owner: call.owner,
    startedMs: call.startedMs,
    durationMs: call.durationMs,
    ok: status.ok,
    reason: status.ok ? null : status.reason,
    upstream: upstreamCalls.map((c) => ({ server: c.server, ok: c.status === "ok", reason: c.reason ?? null })),
    reduction,
    planner: plannerOf(structured),
    traceId: facts.traceId ?? null,
    json,
    bytes: Buffer.byteLength(json, "utf8") + ENTRY_OVERHEAD_BYTES + upstreamCalls.length * UPSTREAM_INDEX_BYTES,
  };
}

interface Status {
  ok: boolean;
  reason: string;
  errorType?: string | undefined;
  message?: string | undefined;
}

/** Outcome of the call: the handler's own report when it traced, else read off the result. */
function statusOf(call: CallObservation, structured: Json | undefined): Status {
  const end = call.facts.end;
  if (end) return { ok: end.status === "ok", reason: end.status, errorType: end.errorType, message: end.message };
  if (call.thrown !== undefined) return { ok: false, reason: "internal_error", message: call.thrown };
  if (call.result?.isError !== true) return { ok: true, reason: "ok" };
  const text = call.result.content?.find((b) => b.type === "text")?.text ?? "";
  const prefix = /^([a-z][a-z0-9_]*): /.exec(text);
  const reason =
    typeof structured?.reason === "string" ? structured.reason : prefix ? (prefix[1] as string) : "tool_error";
  const message =
    typeof structured?.message === "string" ? structured.message : prefix ? text.slice(prefix[0].length) : text;
  return { ok: false, reason, message };
}

/** Program, context and the other arguments, described as the policy allows. */
function argumentsOf(call: CallObservation, policy: RecordPolicy): Json {
  const out: Json = {};
  const start = call.facts.start;
  const args = isObject(call.args) ? call.args : {};
  const program = start?.program ?? (typeof args.program === "string" ? args.program : undefined);
  if (program !== undefined) out.program = describeText(program, policy, true);
  const contextJson =
    start?.contextJson ?? (args.context !== undefined && args.context !== null ? safeJson(args.context) : undefined);
  if (contextJson !== undefined) out.context = describeText(contextJson, policy, false);
  if (start?.outputSchema || args.output_schema != null) out.output_schema = true;
  const rest: Json = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === "program" || key === "context" || key === "output_schema" || value === undefined) continue;
    rest[key] = describeText(safeJson(value) ?? "", policy, false);
  }
  if (Object.keys(rest).length > 0) out.args = rest;
  return out;
}

/** `{bytes}` (+ `sha256` for programs, + `preview` for programs at `summary`, + `text` at `full`). */
function describeText(text: string, policy: RecordPolicy, isProgram: boolean): Json {
  const out: Json = { bytes: Buffer.byteLength(text, "utf8") };
  if (isProgram) out.sha256 = createHash("sha256").update(text).digest("hex");
  if (policy.payloads === "full") out.text = policy.scrub(text);
  else if (isProgram && policy.payloads === "summary") {
    out.preview = policy.scrub(text.slice(0, PREVIEW_CHARS));
    if (text.length > PREVIEW_CHARS) out.preview_truncated = true;
  }
  return out;
}

/** The numeric part of `ptc_metrics` (the notes of its baselines are the same on every call). */
function compactMetrics(m: Json): Json {
  const out: Json = {};
  for (const key of [
    "final_result_bytes",
    "prints_bytes",
    "upstream_call_count",
    "upstream_ok_count",
    "upstream_error_count",
    "upstream_oversize_count",
    "upstream_result_bytes",
    "upstream_error_bytes",
    "upstream_oversize_bytes",
    "payload_reduction_ratio",
  ])
    if (key in m) out[key] = m[key];
  return out;
}

/**
 * Serializes `record`, summarizing it first when its texts alone would pass the per-record cap
 * (so a 4 MiB context under `full` is never serialized just to be dropped).
 */
function serializeBounded(record: Json): string {
  if (textWeight(record) <= MAX_RECORD_BYTES) {
    const json = JSON.stringify(record);
    if (Buffer.byteLength(json, "utf8") <= MAX_RECORD_BYTES) return json;
  }
  const summarized = summarize(record);
  const json = JSON.stringify(summarized);
  if (Buffer.byteLength(json, "utf8") <= MAX_RECORD_BYTES) return json;
  const { request_id, tool, started_at, duration_ms, status, reason } = record;
  return JSON.stringify({ request_id, tool, started_at, duration_ms, status, reason, summarized: true });
}

/** Rough size of a record: the lengths of its big strings plus a little per upstream call. */
function textWeight(record: Json): number {
  let n = typeof record.message === "string" ? record.message.length : 0;
  for (const key of ["program", "context", "result"]) {
    const d = record[key];
    if (isObject(d) && typeof d.text === "string") n += d.text.length;
  }
  if (isObject(record.args))
    for (const d of Object.values(record.args)) if (isObject(d) && typeof d.text === "string") n += d.text.length;
  if (Array.isArray(record.upstream_calls)) n += record.upstream_calls.length * 256;
  return n;
}

/** A copy with verbatim texts cut to previews, the message and upstream list shortened. */
function summarize(record: Json): Json {
  const out: Json = { ...record, summarized: true };
  const cut = (d: unknown): unknown => {
    if (!isObject(d) || typeof d.text !== "string") return d;
    const { text, ...rest } = d;
    return { ...rest, preview: text.slice(0, PREVIEW_CHARS), preview_truncated: text.length > PREVIEW_CHARS };
  };
  for (const key of ["program", "context", "result"]) if (key in out) out[key] = cut(out[key]);
  if (isObject(out.args)) out.args = Object.fromEntries(Object.entries(out.args).map(([k, d]) => [k, cut(d)]));
  if (typeof out.message === "string" && out.message.length > SUMMARIZED_MESSAGE_CHARS)
    out.message = `${out.message.slice(0, SUMMARIZED_MESSAGE_CHARS)}…`;
  if (Array.isArray(out.upstream_calls) && out.upstream_calls.length > SUMMARIZED_UPSTREAM_CALLS) {
    out.upstream_calls_omitted = out.upstream_calls.length - SUMMARIZED_UPSTREAM_CALLS;
    out.upstream_calls = out.upstream_calls.slice(0, SUMMARIZED_UPSTREAM_CALLS);
  }
  return out;
}

function scrubCall(call: UpstreamCallRecord, scrub: (s: string) => string): UpstreamCallRecord {
  if (call.error === undefined) return call;
  return { ...call, error: scrub(call.error) };
}

/** `upstream_calls` of a debug-profile payload, for tools that did not report through the tracer. */
function upstreamFrom(structured: Json | undefined): readonly UpstreamCallRecord[] {
  const calls = structured?.upstream_calls;
  if (!Array.isArray(calls)) return [];
  return calls.filter(
    (c): c is UpstreamCallRecord => isObject(c) && typeof c.server === "string" && typeof c.status === "string",
  );
}

/** The joined text blocks of a result. */
function textOf(result: CallToolResult | undefined): string | undefined {
  if (!result?.content) return undefined;
  const texts = result.content.flatMap((b) => (b.type === "text" ? [b.text] : []));
  return texts.length > 0 ? texts.join("\n") : undefined;
}

function safeJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function num(x: unknown): number {
  return typeof x === "number" && Number.isFinite(x) ? x : 0;
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The `planner` block of a `lisp_task` result (structured and debug profiles), or null. */
function plannerOf(structured: Json | undefined): PlannerFacts | null {
  const p = structured?.planner;
  if (!isObject(p) || typeof p.model !== "string") return null;
  const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  return {
    model: p.model,
    turns: count(p.turns) ?? 0,
    durationMs: count(p.duration_ms) ?? 0,
    promptTokens: count(p.prompt_tokens),
    completionTokens: count(p.completion_tokens),
  };
}
