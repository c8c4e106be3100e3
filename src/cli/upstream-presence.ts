/**
 * Whether a command is in aggregator mode before anything of the aggregator loads, and the
 * aggregator loaded on demand: `start` and `eval` load the upstream runtime (the MCP client, the
 * OpenAPI caller) only when an upstreams file is there.
 */

import type { ServerConfig } from "../config/index.ts";
import { locateUpstreamsConfig } from "../upstream/index.ts";
import { loadEntry } from "./command-entries.ts";
import { CliExit } from "./errors.ts";
import type { Aggregator, AggregatorOptions } from "./upstreams.ts";

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

/**
 * `startAggregator` of upstreams.ts, loaded by URL (its own bundle in the binary, so a command
 * without upstreams never loads the MCP client, and the lazy import does not make the bundler
 * keep all of `src/upstream` and `src/mcp` in the command's). Its errors are mapped by that module
 * and rethrown as {@link CliExit}, since this bundle's error classes would not match them.
 *
 * @returns null when the file lists no upstream
 * @throws {CliExit} usage (2) for an unusable upstreams file, failure (1) for an upstream that cannot start
 */
export async function startAggregatorOnDemand(
  config: ServerConfig,
  options: AggregatorOptions,
): Promise<Aggregator | null> {
  const upstreams = await loadEntry<typeof import("./upstreams.ts")>("upstreams");
  try {
    return await upstreams.startAggregator(config, options);
  } catch (e) {
    const { code, message } = upstreams.exitFor(e);
    throw new CliExit(code, message);
  }
}
