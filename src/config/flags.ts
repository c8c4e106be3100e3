/**
 * The boot-time flags the server understands today, each with its environment variable and
 * default (mcp-server-configuration.md "Core flags"; `--loop-limit` is our own, spec §5.16).
 *
 * Every flag is described once here as data. The CLI builds its argument list and help text from
 * this table, and {@link loadConfig} parses values with the `schema` of each entry. Schemas take the
 * raw text (as given on the command line or in the environment) and produce the typed value.
 */

import { AGENTIC_FLAGS } from "./agentic-flags.ts";
import { DEBUG_FLAGS } from "./debug-flags.ts";
import { choiceText, flag, lazyFallback, PositiveIntText } from "./flag-spec.ts";
import { HTTP_FLAGS } from "./http-flags.ts";
import { OAUTH_FLAGS } from "./oauth-flags.ts";
import { SESSION_FLAGS } from "./session-flags.ts";
import { STORE_FLAGS } from "./store-flags.ts";
import { TRACE_FLAGS } from "./trace-flags.ts";
import { UPSTREAM_FLAGS } from "./upstream-flags.ts";

export type { FlagSpec } from "./flag-spec.ts";

/** Log severities accepted by `--log-level`, most verbose first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** A log severity. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Response profiles accepted by `--response-profile` (configuration reference "Response profiles"). */
export const RESPONSE_PROFILES = ["slim", "structured", "debug"] as const;
/** A response profile name. */
export type ResponseProfile = (typeof RESPONSE_PROFILES)[number];

/**
 * The flag table, keyed by the config field each flag sets. Defaults are the stdio (non-aggregator)
 * defaults of the reference: 1 s and 10 MiB per program.
 */
export const FLAGS = {
  maxFrameBytes: flag("max-frame-bytes", PositiveIntText, 8 * 1024 * 1024, "largest JSON-RPC frame accepted, in bytes"),
  maxProgramBytes: flag("max-program-bytes", PositiveIntText, 64 * 1024, "largest `program` argument, in bytes"),
  maxContextBytes: flag(
    "max-context-bytes",
    PositiveIntText,
    4 * 1024 * 1024,
    "largest `context` argument (as JSON), in bytes",
  ),
  // min(8, cores) as in mcp-server.md "Limits" and decision 0003 (the flag table just says 8).
  maxConcurrentCalls: lazyFallback(
    flag("max-concurrent-calls", PositiveIntText, 8, "calls running at once; extra calls get `busy`"),
    () => Math.min(8, process.getBuiltinModule("node:os").availableParallelism()),
  ),
  logLevel: flag<LogLevel>(
    "log-level",
    choiceText(LOG_LEVELS),
    "info",
    `stderr log threshold: ${LOG_LEVELS.join(" | ")}`,
  ),
  programTimeoutMs: flag("program-timeout-ms", PositiveIntText, 1000, "wall-clock budget per program, in ms"),
  programMemoryLimitBytes: flag(
    "program-memory-limit-bytes",
    PositiveIntText,
    10 * 1024 * 1024,
    "memory budget per program, in bytes",
  ),
  responseProfile: flag<ResponseProfile>(
    "response-profile",
    choiceText(RESPONSE_PROFILES),
    "slim",
    `lisp_eval result shape: ${RESPONSE_PROFILES.join(" | ")}`,
    { defaultText: "slim (debug with --debug-tool)" },
  ),
  loopLimit: flag("loop-limit", PositiveIntText, 1000, "max loop/recur iterations per loop (spec §5.16)"),
  ...TRACE_FLAGS,
  ...DEBUG_FLAGS,
  ...HTTP_FLAGS,
  ...OAUTH_FLAGS,
  ...UPSTREAM_FLAGS,
  ...AGENTIC_FLAGS,
  ...SESSION_FLAGS,
  ...STORE_FLAGS,
} as const;

/** Field name of a flag in {@link ServerConfig}. */
export type FlagKey = keyof typeof FLAGS;

/** The resolved configuration: one typed value per flag. */
export type ServerConfig = { readonly [K in FlagKey]: (typeof FLAGS)[K]["fallback"] };
