/**
 * The tracing flags (mcp-server-configuration.md "Core flags" and "Tracing"): per-call JSONL trace
 * files are written only when `--trace-dir` is set. They join the main table in `flags.ts`.
 */

import * as v from "valibot";
import type { FlagSpec } from "./flags.ts";

/** `--trace-payloads` values: what a trace keeps of program, context and result. */
export const TRACE_PAYLOADS = ["none", "summary", "full"] as const;
/** A trace payload policy. */
export type TracePayloads = (typeof TRACE_PAYLOADS)[number];

const PositiveInt = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[0-9]+$/, "expected a positive integer"),
  v.transform(Number),
  v.safeInteger("expected a positive integer"),
  v.minValue(1, "expected a positive integer"),
);

function spec<T>(name: string, schema: v.GenericSchema<string, T>, fallback: T, description: string): FlagSpec<T> {
  return { name, env: `PTC_RUNNER_MCP_${name.toUpperCase().replaceAll("-", "_")}`, schema, fallback, description };
}

/** The tracing flags, keyed by config field. */
export const TRACE_FLAGS = {
  traceDir: spec("trace-dir", v.pipe(v.string(), v.trim()), "", "directory for one JSONL trace file per tool call; tracing is off when unset"),
  tracePayloads: spec<TracePayloads>(
    "trace-payloads",
    v.pipe(v.string(), v.trim(), v.picklist(TRACE_PAYLOADS, `expected one of ${TRACE_PAYLOADS.join(", ")}`)),
    "summary",
    "what traces keep of program, context and result: none (sizes) | summary (sizes, SHA-256) | full (verbatim)",
  ),
  traceMaxFiles: spec("trace-max-files", PositiveInt, 1000, "trace files kept in --trace-dir; the oldest are deleted past it"),
} as const;
