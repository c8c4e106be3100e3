/**
 * The tracing flags (mcp-server-configuration.md "Core flags" and "Tracing"): per-call JSONL trace
 * files are written only when `--trace-dir` is set. They join the main table in `flags.ts`.
 */

import * as v from "valibot";
import { choiceText, flag, PositiveIntText, lazyText } from "./flag-spec.ts";

/** `--trace-payloads` values: what a trace keeps of program, context and result. */
export const TRACE_PAYLOADS = ["none", "summary", "full"] as const;
/** A trace payload policy. */
export type TracePayloads = (typeof TRACE_PAYLOADS)[number];

/** The tracing flags, keyed by config field. */
export const TRACE_FLAGS = {
  traceDir: flag(
    "trace-dir",
    lazyText(() => v.pipe(v.string(), v.trim())),
    "",
    "directory for one JSONL trace file per tool call; tracing is off when unset",
  ),
  tracePayloads: flag<TracePayloads>(
    "trace-payloads",
    choiceText(TRACE_PAYLOADS),
    "summary",
    "what traces keep of program, context and result: none (sizes) | summary (sizes, SHA-256) | full (verbatim)",
  ),
  traceMaxFiles: flag(
    "trace-max-files",
    PositiveIntText,
    1000,
    "trace files kept in --trace-dir; the oldest are deleted past it",
  ),
} as const;
