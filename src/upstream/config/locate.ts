/**
 * Finding the upstreams file: `--upstreams-config`, then `PTC_RUNNER_MCP_UPSTREAMS`, then
 * `$XDG_CONFIG_HOME/ptc-mcp/upstreams.json`, then the reference server's
 * `$XDG_CONFIG_HOME/ptc_runner_mcp/upstreams.json`. Kept apart from the loader so a server without
 * upstreams can decide that at boot without loading the upstream runtime, and free of `node:`
 * modules at load: `ptc-mcp eval` asks this at every start, and `node:fs` and `node:path` cost it
 * more than the rest of its bundle's load (decision 0037).
 */

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
  const home = env.HOME ? [env.HOME, ".config"] : null;
  const base = env.XDG_CONFIG_HOME ? [env.XDG_CONFIG_HOME] : home;
  if (base === null) return null;
  for (const dir of ["ptc-mcp", "ptc_runner_mcp"]) {
    const parts = [...base, dir, "upstreams.json"];
    if (pathExists(joinedForLookup(parts))) return pathModule().join(...parts);
  }
  return null;
}

function mustExist(path: string, via: string): string {
  if (!pathExists(path)) throw new UpstreamConfigError("not_found", `${via}: no such file: ${path}`);
  return path;
}

/** `lastModified` of a `Bun.file` whose path cannot be stat'ed (Bun's "no time": the largest 52-bit integer). */
const NO_FILE_MTIME = 2 ** 52 - 1;

/**
 * Whether `path` names something that exists (a file, a directory...; a symbolic link counts by
 * its target), as `existsSync` of `node:fs` answers: by one `stat` (through `Bun.file`), without
 * loading `node:fs`.
 */
function pathExists(path: string): boolean {
  return Bun.file(path).lastModified !== NO_FILE_MTIME;
}

/**
 * A path naming the same file as `join(...parts)`, for looking it up: on POSIX, `parts` joined
 * with `/`, which the kernel resolves as `join` would normalise it unless a part holds a `..`
 * segment (the kernel resolves that through symbolic links, `join` textually); then, and on
 * Windows, `join` itself (`node:path`, loaded only then).
 */
function joinedForLookup(parts: readonly string[]): string {
  // A loop, not `some`: a first call of that JavaScriptCore builtin costs more than the lookup.
  for (const part of parts) if (process.platform === "win32" || hasDotDot(part)) return pathModule().join(...parts);
  return parts.join("/");
}

/** Whether `part` holds a `..` segment (a string test: a first regular expression costs more to compile). */
function hasDotDot(part: string): boolean {
  return part === ".." || part.startsWith("../") || part.endsWith("/..") || part.includes("/../");
}

/** `node:path`, loaded on first use. */
function pathModule(): typeof import("node:path") {
  return process.getBuiltinModule("node:path");
}
