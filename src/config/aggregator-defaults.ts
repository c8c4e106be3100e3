/**
 * Aggregator-mode defaults (mcp-server-configuration.md "Aggregator-mode flags"): when at least one
 * upstream is configured, programs orchestrate real subprocess and network calls, so the per-program
 * budget rises from 1 s / 10 MB to 10 s / 100 MB — but only for values the operator left unset.
 */

import type { FlagKey, ServerConfig } from "./flags.ts";
import { explicitFlags } from "./load.ts";

/** Values that replace the stdio defaults in aggregator mode. */
export const AGGREGATOR_DEFAULTS = {
  programTimeoutMs: 10_000,
  programMemoryLimitBytes: 100 * 1024 * 1024,
} as const satisfies Partial<ServerConfig>;

/**
 * Returns `config` with {@link AGGREGATOR_DEFAULTS} applied to every field that was not set
 * explicitly on the command line or in the environment. Call it once at boot, when upstreams are
 * configured.
 *
 * @param explicit the explicitly set flags; defaults to what {@link explicitFlags} recorded for `config`
 */
export function withAggregatorDefaults(
  config: ServerConfig,
  explicit: ReadonlySet<FlagKey> = explicitFlags(config),
): ServerConfig {
  const out: Record<string, unknown> = { ...config };
  for (const [key, value] of Object.entries(AGGREGATOR_DEFAULTS)) {
    if (!explicit.has(key as FlagKey)) out[key] = value;
  }
  return out as ServerConfig;
}
