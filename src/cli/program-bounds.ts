/**
 * The bounds every `lisp_eval` program runs under, built from the configuration in one place for
 * `start`, `eval` and `repl`, so the three run a program exactly alike.
 */

import type { ServerConfig } from "../config/index.ts";
import type { InputCaps } from "../mcp/index.ts";
import type { ProgramLimits } from "../sandbox/index.ts";

/** Limits of one run (time ms, memory bytes, loop iterations) and caps on its input (bytes). */
export interface ProgramBounds {
  readonly limits: ProgramLimits;
  readonly caps: InputCaps;
}

/** The {@link ProgramBounds} of `config` (after the aggregator-mode defaults, when they apply). */
export function programBounds(config: ServerConfig): ProgramBounds {
  return {
    limits: {
      timeoutMs: config.programTimeoutMs,
      memoryLimitBytes: config.programMemoryLimitBytes,
      loopLimit: config.loopLimit,
    },
    caps: { maxProgramBytes: config.maxProgramBytes, maxContextBytes: config.maxContextBytes },
  };
}
