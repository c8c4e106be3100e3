/**
 * Finding the upstreams file: `--upstreams-config`, then `PTC_RUNNER_MCP_UPSTREAMS`, then
 * `$XDG_CONFIG_HOME/ptc-mcp/upstreams.json`, then the reference server's
 * `$XDG_CONFIG_HOME/ptc_runner_mcp/upstreams.json`. Kept apart from the loader so a server without
 * upstreams can decide that at boot without loading the upstream runtime.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { UpstreamConfigError } from "../errors.ts";

/** An environment: variable name → value. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The environment variable naming the upstreams file. */
export const UPSTREAMS_ENV = "PTC_RUNNER_MCP_UPSTREAMS";

/**
 * Where the upstreams file is, or null when none is configured and no default file exists.
 *
 * @throws {UpstreamConfigError} `not_found` when the flag or variable names a missing file
 */
export function locateUpstreamsConfig(flag: string | undefined, env: Env): string | null {
  if (flag !== undefined && flag !== "") return mustExist(flag, "--upstreams-config");
  const fromEnv = env[UPSTREAMS_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return mustExist(fromEnv, UPSTREAMS_ENV);
  const base = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, ".config") : null);
  if (base === null) return null;
  for (const dir of ["ptc-mcp", "ptc_runner_mcp"]) {
    const candidate = join(base, dir, "upstreams.json");
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function mustExist(path: string, via: string): string {
  if (!existsSync(path)) throw new UpstreamConfigError("not_found", `${via}: no such file: ${path}`);
  return path;
}
