/**
 * The `lisp_debug` flags (mcp-server-configuration.md "Core flags", mcp-debug.md "Configuration
 * flags"): the opt-in diagnostics tool, the capacity of its in-memory ring and the cap on one of its
 * responses. Out-of-range sizes are pulled into range, as the reference does, rather than refused.
 * They join the main table in `flags.ts`.
 */

import * as v from "valibot";
import { BoolText, flag, NonNegativeIntText, SWITCH, lazyText } from "./flag-spec.ts";

/** Smallest and largest `--debug-ring-size` (records); values outside are clamped. */
export const DEBUG_RING_SIZE_RANGE = { min: 10, max: 5000 } as const;
/** Lowest `--max-debug-response-bytes`; a smaller value is raised to it. */
export const MIN_DEBUG_RESPONSE_BYTES = 4 * 1024;

/** The debug flags, keyed by config field. */
export const DEBUG_FLAGS = {
  debugTool: flag(
    "debug-tool",
    BoolText,
    false,
    "expose the read-only lisp_debug diagnostics tool; implies --response-profile debug unless one is set",
    SWITCH,
  ),
  debugRingSize: flag(
    "debug-ring-size",
    lazyText(() =>
      v.pipe(
        NonNegativeIntText,
        v.transform((n) => Math.min(DEBUG_RING_SIZE_RANGE.max, Math.max(DEBUG_RING_SIZE_RANGE.min, n))),
      ),
    ),
    500,
    `tool calls kept for lisp_debug (clamped to ${DEBUG_RING_SIZE_RANGE.min}..${DEBUG_RING_SIZE_RANGE.max})`,
  ),
  maxDebugResponseBytes: flag(
    "max-debug-response-bytes",
    lazyText(() =>
      v.pipe(
        NonNegativeIntText,
        v.transform((n) => Math.max(MIN_DEBUG_RESPONSE_BYTES, n)),
      ),
    ),
    64 * 1024,
    `largest lisp_debug response, in bytes (at least ${MIN_DEBUG_RESPONSE_BYTES}); longer ones are truncated and flagged`,
  ),
} as const;
