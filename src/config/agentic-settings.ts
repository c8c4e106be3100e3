/**
 * Cross-flag rules of agentic mode, checked once at boot (agentic-mode.md "Turns and write
 * safety", "SubAgent config file", "Capability summary"):
 *
 * - `lisp_task` needs `--aggregator-read-only` or an explicit `--agentic-allow-writes`;
 * - `--agentic-model` is an alias or `provider:model` of a known provider, whose API key variable
 *   must be set (the error names the variable, never a value);
 * - `--agentic-subagent-config` may set only `max_turns`, `retry_turns` and
 *   `system_prompt.{prefix,suffix}`; the keys the server owns (`tools`, `completion_mode`,
 *   `signature`, `ptc_transport`, ...) are refused by name;
 * - `--agentic-capability-summary` names a readable UTF-8 file.
 *
 * Whether aggregator mode is active is known only once the upstreams file is read, so that rule is
 * the caller's. Like `load.ts`, this module reads the environment and files only through its
 * arguments; the API key is kept behind a function so a printed settings object never shows it.
 */

import { readFileSync } from "node:fs";
import * as v from "valibot";
import { ConfigError } from "./errors.ts";
import type { ServerConfig } from "./flags.ts";
import type { Env } from "./load.ts";
import { explicitFlags } from "./load.ts";

/** Planner providers and where their credentials and endpoints come from. */
export const PLANNER_PROVIDERS = {
  openrouter: { keyEnv: "OPENROUTER_API_KEY", baseUrlEnv: "OPENROUTER_BASE_URL" },
  openai: { keyEnv: "OPENAI_API_KEY", baseUrlEnv: "OPENAI_BASE_URL" },
  anthropic: { keyEnv: "ANTHROPIC_API_KEY", baseUrlEnv: "ANTHROPIC_BASE_URL" },
  google: { keyEnv: "GEMINI_API_KEY", baseUrlEnv: "GEMINI_BASE_URL" },
} as const;

/** A planner provider name. */
export type PlannerProvider = keyof typeof PLANNER_PROVIDERS;

/** Model aliases (agentic-mode.md "Quick start": the default resolves to OpenRouter). */
export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  "gemini-flash-lite": "openrouter:google/gemini-3.1-flash-lite",
};

/** The resolved planner model. */
export interface PlannerModelSpec {
  /** `provider:model` after alias resolution, e.g. `openrouter:google/gemini-3.1-flash-lite`. */
  readonly id: string;
  readonly provider: PlannerProvider;
  /** The provider's model id, e.g. `google/gemini-3.1-flash-lite`. */
  readonly modelId: string;
  /** The environment variable the key came from, e.g. `OPENROUTER_API_KEY`. */
  readonly keyEnv: string;
  /** Endpoint override from the provider's base-URL variable; undefined = the provider's default. */
  readonly baseUrl: string | undefined;
  /** The API key. A function so that logging or printing the settings never shows it. */
  readonly apiKey: () => string;
}

/** Validated agentic settings. Durations in ms, sizes in bytes. */
export interface AgenticSettings {
  readonly model: PlannerModelSpec;
  readonly taskTimeoutMs: number;
  readonly plannerTimeoutMs: number;
  readonly maxOutputTokens: number;
  readonly maxResultBytes: number;
  readonly includeProgram: boolean;
  readonly tracePrompts: boolean;
  /** Planner turns (flag, else subagent file, else 1). */
  readonly maxTurns: number;
  /** Extra turns for error feedback (flag, else subagent file, else 0). */
  readonly retryTurns: number;
  readonly allowWrites: boolean;
  /** Operator text put before and after the system prompt (subagent file). */
  readonly promptPrefix: string;
  readonly promptSuffix: string;
  readonly summaryMaxBytes: number;
  /** The operator-written capability summary, or null to generate one from the catalog. */
  readonly summaryText: string | null;
}

/** Keys of the subagent file the MCP server owns (agentic-mode.md "SubAgent config file"). */
export const RESERVED_SUBAGENT_KEYS = [
  "tools",
  "completion_mode",
  "signature",
  "ptc_transport",
  "llm",
  "model",
  "output",
  "context",
] as const;

const SubagentConfigSchema = v.strictObject({
  max_turns: v.optional(v.pipe(v.number("expected an integer"), v.safeInteger("expected an integer"), v.minValue(1))),
  retry_turns: v.optional(v.pipe(v.number("expected an integer"), v.safeInteger("expected an integer"), v.minValue(0))),
  system_prompt: v.optional(
    v.strictObject({
      prefix: v.optional(v.string("expected a string")),
      suffix: v.optional(v.string("expected a string")),
    }),
  ),
});

/** The subagent file as validated. */
export type SubagentConfig = v.InferOutput<typeof SubagentConfigSchema>;

/** Reads a file as UTF-8; injectable for tests. */
export type ReadText = (path: string) => string;

const readText: ReadText = (path) => readFileSync(path, "utf8");

/**
 * Checks the agentic flags and resolves the planner model, its key and the optional files.
 * Call only when `--agentic` is set.
 *
 * @throws {ConfigError} `invalid_value` with one line naming the flag (and the env var for a missing key)
 */
export function agenticSettings(config: ServerConfig, env: Env, read: ReadText = readText): AgenticSettings {
  if (!config.aggregatorReadOnly && !config.agenticAllowWrites) {
    throw new ConfigError(
      "invalid_value",
      "--agentic: the aggregator is not asserted read-only; pass --aggregator-read-only, or --agentic-allow-writes to let lisp_task make write-capable upstream calls",
    );
  }
  const model = resolveModel(config.agenticModel, env);
  const file = config.agenticSubagentConfig === "" ? {} : loadSubagentConfig(config.agenticSubagentConfig, read);
  const explicit = explicitFlags(config);
  const summaryPath = config.agenticCapabilitySummary;
  return {
    model,
    taskTimeoutMs: config.agenticTaskTimeoutMs,
    plannerTimeoutMs: config.agenticPlannerTimeoutMs,
    maxOutputTokens: config.agenticMaxOutputTokens,
    maxResultBytes: config.agenticMaxResultBytes,
    includeProgram: config.agenticIncludeProgram,
    tracePrompts: config.agenticTracePrompts,
    maxTurns: explicit.has("agenticMaxTurns") ? config.agenticMaxTurns : (file.max_turns ?? config.agenticMaxTurns),
    retryTurns: explicit.has("agenticRetryTurns")
      ? config.agenticRetryTurns
      : (file.retry_turns ?? config.agenticRetryTurns),
    allowWrites: config.agenticAllowWrites,
    promptPrefix: file.system_prompt?.prefix ?? "",
    promptSuffix: file.system_prompt?.suffix ?? "",
    summaryMaxBytes: config.agenticCapabilitySummaryMaxBytes,
    summaryText: summaryPath === "" ? null : readOrFail("--agentic-capability-summary", summaryPath, read),
  };
}

/**
 * Resolves `--agentic-model` (alias or `provider:model`) and its API key.
 *
 * @throws {ConfigError} for an unknown provider, an empty model id or a missing key
 */
export function resolveModel(text: string, env: Env): PlannerModelSpec {
  const id = MODEL_ALIASES[text] ?? text;
  const colon = id.indexOf(":");
  const provider = colon === -1 ? "" : id.slice(0, colon);
  const modelId = colon === -1 ? "" : id.slice(colon + 1).trim();
  if (!(provider in PLANNER_PROVIDERS) || modelId === "") {
    const known = Object.keys(PLANNER_PROVIDERS).join(", ");
    const aliases = Object.keys(MODEL_ALIASES).join(", ");
    throw new ConfigError(
      "invalid_value",
      `--agentic-model: expected an alias (${aliases}) or provider:model with provider one of ${known}, got ${JSON.stringify(text)}`,
    );
  }
  const { keyEnv, baseUrlEnv } = PLANNER_PROVIDERS[provider as PlannerProvider];
  const key = env[keyEnv]?.trim() ?? "";
  if (key === "")
    throw new ConfigError(
      "invalid_value",
      `--agentic-model ${id}: the planner needs an API key in ${keyEnv}, which is not set`,
    );
  const base = env[baseUrlEnv]?.trim();
  return {
    id,
    provider: provider as PlannerProvider,
    modelId,
    keyEnv,
    baseUrl: base === undefined || base === "" ? undefined : base.replace(/\/+$/, ""),
    apiKey: () => key,
  };
}

/**
 * Reads and checks the subagent file.
 *
 * @throws {ConfigError} naming the file and the offending key
 */
export function loadSubagentConfig(path: string, read: ReadText = readText): SubagentConfig {
  const source = `--agentic-subagent-config ${path}`;
  let raw: unknown;
  try {
    raw = JSON.parse(readOrFail("--agentic-subagent-config", path, read));
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError("invalid_value", `${source}: not valid JSON: ${(e as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new ConfigError("invalid_value", `${source}: expected a JSON object`);
  for (const key of Object.keys(raw)) {
    if ((RESERVED_SUBAGENT_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(
        "invalid_value",
        `${source}: "${key}" is reserved (the MCP server owns it); allowed keys are max_turns, retry_turns, system_prompt.prefix, system_prompt.suffix`,
      );
    }
  }
  const result = v.safeParse(SubagentConfigSchema, raw);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path_ = issue.path?.map((p) => String(p.key)).join(".") ?? "";
  const what =
    issue.type === "strict_object"
      ? "unknown key (allowed: max_turns, retry_turns, system_prompt.prefix, system_prompt.suffix)"
      : issue.message;
  throw new ConfigError("invalid_value", `${source}: ${path_ === "" ? "" : `${path_}: `}${what}`);
}

function readOrFail(flagName: string, path: string, read: ReadText): string {
  try {
    return read(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new ConfigError("invalid_value", `${flagName}: cannot read ${path}${code ? ` (${code})` : ""}`);
  }
}
