/**
 * Resolves the boot configuration from command-line values and the environment
 * (mcp-server-configuration.md "Boot-time configuration model": read once, CLI wins over env).
 * This is the only module in the project that reads `process.env`.
 */

import * as v from "valibot";
import { ConfigError } from "./errors.ts";
import { defineOnFirstRead, type Env } from "./flag-spec.ts";
import { FLAGS, type FlagKey, type FlagSpec, type ServerConfig } from "./flags.ts";

export type { Env } from "./flag-spec.ts";

/** Raw flag values from the command line, keyed by long flag name (`max-program-bytes`). */
export type CliValues = Readonly<Record<string, string | undefined>>;

/**
 * Builds the {@link ServerConfig}: for each flag, the CLI value if given, else its
 * `PTC_RUNNER_MCP_*` variable, else the documented default.
 *
 * @param cli values from the command line, keyed by long flag name; `undefined` means absent
 * @param env the environment (defaults to `process.env`)
 * @param uses which flags the command reads; the environment variables of the others are not
 *   consulted (their defaults apply), so a bad value there cannot stop a command that ignores it
 * @throws {ConfigError} `invalid_value` naming the source, e.g.
 *   `--max-program-bytes: expected a positive integer, got "abc"`
 */
export function loadConfig(
  cli: CliValues = {},
  env: Env = process.env,
  uses: (key: FlagKey) => boolean = () => true,
): ServerConfig {
  const out: Partial<Record<FlagKey, unknown>> = {};
  const explicit = new Set<FlagKey>();
  for (const key of Object.keys(FLAGS) as FlagKey[]) {
    const spec: FlagSpec<unknown> = FLAGS[key];
    const fromCli = cli[spec.name];
    if (fromCli === undefined && !uses(key)) {
      if (spec.fallbackFromEnv || spec.computedFallback) defaultOnRead(out, key, spec, env);
      else out[key] = spec.fallback;
      continue;
    }
    // A variable the command does not use cannot stop it (a stray HTTP token under `eval`).
    const fromEnv = uses(key) ? env[spec.env] : undefined;
    if (fromCli !== undefined) out[key] = parseValue(spec, fromCli, `--${spec.name}`);
    else if (fromEnv !== undefined && fromEnv !== "") out[key] = parseValue(spec, fromEnv, spec.env);
    else out[key] = spec.fallbackFromEnv ? spec.fallbackFromEnv(env) : spec.fallback;
    if (fromCli !== undefined || (fromEnv !== undefined && fromEnv !== "")) explicit.add(key);
  }
  const config = out as ServerConfig;
  EXPLICIT.set(config, explicit);
  return config;
}

/**
 * Sets `out[key]` to the default of `spec`, computed on first read and kept: the default of a flag
 * the command does not read, when computing it may cost (`fallbackFromEnv`, `computedFallback`):
 * those load a `node:` module (`--data-dir`'s home directory, the CPU count, the host name), which
 * `eval` would otherwise pay for at every start (decision 0037); the others are plain values. The
 * value is the one computing it now would give: the environment is not written to.
 */
function defaultOnRead(out: Partial<Record<FlagKey, unknown>>, key: FlagKey, spec: FlagSpec<unknown>, env: Env): void {
  defineOnFirstRead(out, key, () => (spec.fallbackFromEnv ? spec.fallbackFromEnv(env) : spec.fallback));
}

/** Which flags of a loaded config were given on the command line or in the environment. */
const EXPLICIT = new WeakMap<ServerConfig, ReadonlySet<FlagKey>>();

/**
 * The flags of `config` that were set explicitly (CLI or environment) rather than defaulted;
 * empty for a config that did not come from {@link loadConfig}.
 */
export function explicitFlags(config: ServerConfig): ReadonlySet<FlagKey> {
  return EXPLICIT.get(config) ?? new Set();
}

/** Parses one raw value or throws a {@link ConfigError} naming `source`. */
function parseValue<T>(spec: FlagSpec<T>, raw: string, source: string): T {
  const result = v.safeParse(spec.schema, raw);
  if (result.success) return result.output;
  const reason = result.issues[0]?.message ?? "invalid value";
  // A secret is never repeated: the line may end up in journald or a CI log.
  const got = spec.secret ? `got ${raw.length} characters` : `got ${JSON.stringify(raw)}`;
  throw new ConfigError("invalid_value", `${source}: ${reason}, ${got}`);
}
