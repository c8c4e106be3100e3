/**
 * Agentic mode at boot (agentic-mode.md): check the `--agentic*` flags before anything starts,
 * then, once the aggregator runs, build `lisp_task` over it. Every refusal is one line and exit 2:
 * no upstreams, no read-only posture without `--agentic-allow-writes`, an unknown model, a
 * missing API key (named), a reserved key in the subagent file. Loaded only when `--agentic` is
 * set, so plain and aggregator boots never load the AI SDK.
 */

import {
  type AgenticSettings,
  agenticSettings,
  ConfigError,
  type Env,
  type Logger,
  type ResponseProfile,
  type ServerConfig,
  type UpstreamScope,
} from "../config/index.ts";
import type { CallGate, ExtraTool, Tracer } from "../mcp/index.ts";
import type { Executor } from "../sandbox/index.ts";
import type { Redactor } from "../upstream/index.ts";
import { programBounds } from "./program-bounds.ts";
import type { Aggregator } from "./upstreams.ts";

/** Planner keys shorter than this are treated as placeholders and not registered for scrubbing. */
export const MIN_SCRUBBED_KEY_CHARS = 12;

/**
 * Validates the agentic flags and registers the planner key with `redactor` (unless it is a
 * placeholder shorter than {@link MIN_SCRUBBED_KEY_CHARS}).
 *
 * @param hasUpstreams whether an upstreams file is configured or present
 * @throws {ConfigError} with one line (exit 2 through the exit-code table)
 */
export function checkAgentic(
  config: ServerConfig,
  env: Env,
  hasUpstreams: boolean,
  redactor: Redactor,
): AgenticSettings {
  if (!hasUpstreams) throw noAggregator();
  const settings = agenticSettings(config, env);
  // A placeholder key for a local server ("none", "ollama") is no secret, and scrubbing such a
  // word from every log line and upstream answer would corrupt them; real provider keys are long.
  const key = settings.model.apiKey();
  if (key.length >= MIN_SCRUBBED_KEY_CHARS) redactor.add(key);
  return settings;
}

/** The refusal when `--agentic` is set without upstreams. */
export function noAggregator(): ConfigError {
  return new ConfigError(
    "invalid_value",
    "--agentic: lisp_task needs aggregator mode; configure at least one upstream (--upstreams-config or PTC_RUNNER_MCP_UPSTREAMS)",
  );
}

/** What {@link lispTaskTool} wires together. */
export interface LispTaskWiring {
  readonly aggregator: Aggregator;
  /** The configuration with the aggregator defaults applied. */
  readonly config: ServerConfig;
  readonly executor: Executor;
  readonly logger: Logger;
  readonly tracer?: Tracer | undefined;
  readonly redactor: Redactor;
  /** The response profile in force (`--debug-tool` implies `debug`), the same as `lisp_eval`'s. */
  readonly profile: ResponseProfile;
  /** The process's concurrency gate, shared with `lisp_eval` and the session tools. */
  readonly gate: CallGate;
}

/** Builds `lisp_task` over a running aggregator. */
export async function lispTaskTool(settings: AgenticSettings, w: LispTaskWiring): Promise<ExtraTool> {
  const { createAgentic } = await import("../agentic/index.ts");
  const { runtime } = w.aggregator;
  const visible = (allowed: UpstreamScope) =>
    allowed === null ? runtime.names() : runtime.names().filter((n) => allowed.includes(n));
  const tools = (server: string) => {
    const state = runtime.peek(server);
    return state.loaded ? state.tools : null;
  };
  return createAgentic({
    settings,
    executor: w.executor,
    limits: programBounds(w.config).limits,
    hostFor: w.aggregator.hostFor,
    catalog: {
      servers: (allowed) =>
        visible(allowed).map((name) => ({ name, description: runtime.describe(name), tools: tools(name) ?? [] })),
      catalogText: (allowed) => w.aggregator.catalog(allowed),
      tools,
    },
    redact: (text) => w.redactor.scrub(text),
    profile: w.profile,
    logger: w.logger,
    tracer: w.tracer,
    maxConcurrentCalls: w.config.maxConcurrentCalls,
    gate: w.gate,
    maxUpstreamCallsPerProgram: w.config.maxUpstreamCallsPerProgram,
    caps: { maxTaskBytes: w.config.maxProgramBytes, maxConstraintsBytes: w.config.maxContextBytes },
    aggregatorReadOnly: w.config.aggregatorReadOnly,
  });
}
