/**
 * What `--debug-tool` changes beyond exposing the tool (mcp-debug.md "Interaction with response
 * profiles"): the response profile becomes `debug` unless `--response-profile` (or its environment
 * variable) was given, so `--debug-tool --response-profile slim` keeps client answers slim.
 */

import type { ResponseProfile, ServerConfig } from "./flags.ts";
import { explicitFlags } from "./load.ts";

/**
 * The response profile to serve with.
 *
 * @param config a config from {@link loadConfig} (the explicit-flag record is read from it, so pass
 *   the loaded object, not a copy)
 */
export function effectiveResponseProfile(config: ServerConfig): ResponseProfile {
  if (config.debugTool && !explicitFlags(config).has("responseProfile")) return "debug";
  return config.responseProfile;
}
