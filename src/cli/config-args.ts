/**
 * Bridges citty and the config layer: every flag of the config table becomes a string option with
 * its help text, and parsed options are handed to {@link loadConfig} (which also reads the
 * environment). Unknown options are refused once, by `rejectUnknownOptions` (options.ts).
 */

import type { ArgsDef } from "citty";
import { type CliValues, FLAGS, type FlagKey, type FlagSpec, loadConfig, type ServerConfig } from "../config/index.ts";

/**
 * citty argument definitions for the config flags a command reads (all by default), e.g.
 * `max-program-bytes`.
 */
export function configArgs(uses: (key: FlagKey) => boolean = () => true): ArgsDef {
  const out: ArgsDef = {};
  for (const [key, spec] of Object.entries(FLAGS)) {
    if (!uses(key as FlagKey)) continue;
    const description = `${spec.description} (env ${spec.env}, default ${spec.defaultText || String(spec.fallback) || "unset"})`;
    out[spec.name] =
      spec.kind === "boolean"
        ? { type: "boolean", description }
        : { type: "string", description, valueHint: valueHint(spec) };
  }
  return out;
}

/** The `<hint>` help shows after a flag: `n` for numbers, else what the value names (`dir`, `url`, `file`). */
function valueHint(spec: FlagSpec<unknown>): string {
  if (typeof spec.fallback === "number") return "n";
  if (typeof spec.fallback === "boolean") return "true|false";
  if (spec.name.endsWith("-dir")) return "dir";
  if (spec.name.endsWith("-url") || spec.name.endsWith("-issuer")) return "url";
  if (/-(config|map|summary)$/.test(spec.name)) return "file";
  return "value";
}

/**
 * Resolves the configuration for a command.
 *
 * @param args parsed citty arguments (kebab-case keys)
 * @param rawArgs the command's raw argv (repeatable flags are read from it)
 * @param uses the flags the command reads; the others keep their defaults, environment ignored
 * @throws {ConfigError} for a bad value (exit status 2, see exit-codes.ts)
 */
export function configFromArgs(
  args: Record<string, unknown>,
  rawArgs: readonly string[],
  uses: (key: FlagKey) => boolean = () => true,
): ServerConfig {
  const cli: Record<string, string | undefined> = {};
  for (const [key, spec] of Object.entries(FLAGS)) {
    if (!uses(key as FlagKey)) continue;
    const value = spec.repeatable ? repeatedValues(rawArgs, spec.name) : args[spec.name];
    if (value !== undefined) cli[spec.name] = String(value);
  }
  return loadConfig(cli as CliValues, process.env, uses);
}

/** Every value of a repeatable `--name v` / `--name=v` option, joined with commas; undefined if absent. */
function repeatedValues(rawArgs: readonly string[], name: string): string | undefined {
  const values: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const token = rawArgs[i] as string;
    if (token === "--") break;
    if (token === `--${name}`) values.push(rawArgs[++i] ?? "");
    else if (token.startsWith(`--${name}=`)) values.push(token.slice(name.length + 3));
  }
  return values.length > 0 ? values.join(",") : undefined;
}
