/**
 * Configuration layer: flag table, loader, logger and product identity. Imports nothing from the
 * layers above it (cli, transports, mcp, sandbox).
 */

export { ConfigError, type ConfigErrorCode } from "./errors.ts";
export { settleWithin } from "./settle-within.ts";
export {
  FLAGS,
  type FlagKey,
  type FlagSpec,
  LOG_LEVELS,
  type LogLevel,
  RESPONSE_PROFILES,
  type ResponseProfile,
  type ServerConfig,
} from "./flags.ts";
export { FLAG_SECTIONS, type FlagSection } from "./flag-sections.ts";
export { AGGREGATOR_DEFAULTS, withAggregatorDefaults } from "./aggregator-defaults.ts";
export {
  type AgenticSettings,
  agenticSettings,
  loadSubagentConfig,
  MODEL_ALIASES,
  PLANNER_PROVIDERS,
  type PlannerModelSpec,
  type PlannerProvider,
  RESERVED_SUBAGENT_KEYS,
  resolveModel,
  type SubagentConfig,
} from "./agentic-settings.ts";
export { effectiveResponseProfile } from "./debug-defaults.ts";
export { type CliValues, type Env, explicitFlags, loadConfig } from "./load.ts";
export { type HttpSettings, httpSettings, isLoopbackHost } from "./http-settings.ts";
export type { TracePayloads } from "./trace-flags.ts";
export {
  clipText,
  createLogger,
  type LogFields,
  type LogValue,
  type Logger,
  type LogSink,
  MAX_LOG_FIELD_CHARS,
  silentLogger,
} from "./logger.ts";
export type { UpstreamScope } from "./upstream-scope.ts";
export { MCP_SERVER_NAME, PRODUCT_NAME, VERSION } from "./version.ts";
export * from "./oauth-settings.ts";
