/**
 * The boot-time flags the server understands today, each with its environment variable and
 * default (mcp-server-configuration.md "Core flags"; `--loop-limit` is our own, spec §5.16).
 *
 * Every flag is described once here as data. The CLI builds its argument list and help text from
 * this table, and {@link loadConfig} parses values with the `schema` of each entry. Schemas take the
 * raw text (as given on the command line or in the environment) and produce the typed value.
 */

import { availableParallelism } from "node:os";
import * as v from "valibot";
import { HTTP_FLAGS } from "./http-flags.ts";
import { TRACE_FLAGS } from "./trace-flags.ts";
import { UPSTREAM_FLAGS } from "./upstream-flags.ts";

/** Log severities accepted by `--log-level`, most verbose first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** A log severity. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Response profiles accepted by `--response-profile` (configuration reference "Response profiles"). */
export const RESPONSE_PROFILES = ["slim", "structured", "debug"] as const;
/** A response profile name. */
export type ResponseProfile = (typeof RESPONSE_PROFILES)[number];

/** Text → positive safe integer. The message is completed with the offending text by the loader. */
const PositiveIntText = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[0-9]+$/, "expected a positive integer"),
  v.transform(Number),
  v.safeInteger("expected a positive integer"),
  v.minValue(1, "expected a positive integer"),
);

/** Text → one of `options`. */
function choiceText<const T extends readonly [string, ...string[]]>(options: T) {
  return v.pipe(v.string(), v.trim(), v.picklist(options, `expected one of ${options.join(", ")}`));
}

/** One flag: its long name without dashes, parser, default and a one-line help text. */
export interface FlagSpec<T> {
  /** Long option name, e.g. `max-program-bytes` (used as `--max-program-bytes`). */
  readonly name: string;
  /** Environment variable consulted when the flag is absent. */
  readonly env: string;
  /** Parses the raw text into the typed value. */
  readonly schema: v.GenericSchema<string, T>;
  /** Value used when neither the flag nor the environment variable is set. */
  readonly fallback: T;
  /** Help text (units included). */
  readonly description: string;
  /** `boolean`: a switch (`--http`); the CLI accepts it without a value. */
  readonly kind?: "boolean";
  /** The flag may be given several times; the CLI joins the values with commas. */
  readonly repeatable?: boolean;
  /** Default computed from the environment (e.g. an XDG directory); wins over `fallback`. */
  readonly fallbackFromEnv?: (env: Readonly<Record<string, string | undefined>>) => T;
  /** How `--help` shows the default when `fallback` is not the whole story. */
  readonly defaultText?: string;
}

function flag<T>(name: string, schema: v.GenericSchema<string, T>, fallback: T, description: string): FlagSpec<T> {
  const env = `PTC_RUNNER_MCP_${name.toUpperCase().replaceAll("-", "_")}`;
  return { name, env, schema, fallback, description };
}

/**
 * The flag table, keyed by the config field each flag sets. Defaults are the stdio (non-aggregator)
 * defaults of the reference: 1 s and 10 MiB per program.
 */
export const FLAGS = {
  maxFrameBytes: flag("max-frame-bytes", PositiveIntText, 8 * 1024 * 1024, "largest JSON-RPC frame accepted, in bytes"),
  maxProgramBytes: flag("max-program-bytes", PositiveIntText, 64 * 1024, "largest `program` argument, in bytes"),
  maxContextBytes: flag("max-context-bytes", PositiveIntText, 4 * 1024 * 1024, "largest `context` argument (as JSON), in bytes"),
  // min(8, cores) as in mcp-server.md "Limits" and decision 0003 (the flag table just says 8).
  maxConcurrentCalls: flag("max-concurrent-calls", PositiveIntText, Math.min(8, availableParallelism()), "calls running at once; extra calls get `busy`"),
  logLevel: flag<LogLevel>("log-level", choiceText(LOG_LEVELS), "info", `stderr log threshold: ${LOG_LEVELS.join(" | ")}`),
  programTimeoutMs: flag("program-timeout-ms", PositiveIntText, 1000, "wall-clock budget per program, in ms"),
  programMemoryLimitBytes: flag("program-memory-limit-bytes", PositiveIntText, 10 * 1024 * 1024, "memory budget per program, in bytes"),
  responseProfile: flag<ResponseProfile>(
    "response-profile",
    choiceText(RESPONSE_PROFILES),
    "slim",
    `lisp_eval result shape: ${RESPONSE_PROFILES.join(" | ")}`,
  ),
  loopLimit: flag("loop-limit", PositiveIntText, 1000, "max loop/recur iterations per loop (spec §5.16)"),
  ...TRACE_FLAGS,
  ...HTTP_FLAGS,
  ...UPSTREAM_FLAGS,
} as const;

/** Field name of a flag in {@link ServerConfig}. */
export type FlagKey = keyof typeof FLAGS;

/** The resolved configuration: one typed value per flag. */
export type ServerConfig = { readonly [K in FlagKey]: (typeof FLAGS)[K]["fallback"] };
