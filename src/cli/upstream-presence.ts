/**
 * Whether a command is in aggregator mode before anything of the aggregator loads: `start` and
 * `eval` load the upstream runtime (the MCP client, the OpenAPI caller) only when this says so.
 */

import { locateUpstreamsConfig } from "../upstream/index.ts";

/**
 * True when an upstreams file is configured (`--upstreams-config`, its variable) or present at
 * the default location; a named but missing file counts, so the loader reports it.
 */
export function upstreamsConfigured(flag: string, env: Readonly<Record<string, string | undefined>>): boolean {
  try {
    return locateUpstreamsConfig(flag || undefined, env) !== null;
  } catch {
    return true;
  }
}
