/**
 * Bridges citty and the config layer: every flag of the config table becomes a string option with
 * its help text, and parsed options are handed to {@link loadConfig} (which also reads the
 * environment). Options that are not in the table are refused, so a typo never goes unnoticed.
 */

import type { ArgsDef } from "citty";
import { type CliValues, ConfigError, FLAGS, loadConfig, type ServerConfig } from "../config/index.ts";
import { CliExit, EXIT } from "./errors.ts";

/** citty argument definitions for all config flags, e.g. `max-program-bytes`. */
export function configArgs(): ArgsDef {
  const out: ArgsDef = {};
  for (const spec of Object.values(FLAGS)) {
    const description = `${spec.description} (env ${spec.env}, default ${spec.defaultText ?? String(spec.fallback)})`;
    out[spec.name] =
      spec.kind === "boolean"
        ? { type: "boolean", description }
        : { type: "string", description, valueHint: typeof spec.fallback === "number" ? "n" : "name" };
  }
  return out;
}

/**
 * Resolves the configuration for a command.
 *
 * @param args parsed citty arguments (kebab-case keys)
 * @param rawArgs the command's raw argv, checked for unknown `--options`
 * @param extra option names the command defines besides the config flags (e.g. `context`)
 * @throws {CliExit} with {@link EXIT.usage} and a one-line message for an unknown option or bad value
 */
export function configFromArgs(
  args: Record<string, unknown>,
  rawArgs: readonly string[],
  extra: readonly string[] = [],
): ServerConfig {
  const known = new Set([...Object.values(FLAGS).map((f) => f.name), ...extra, "help"]);
  for (const token of rawArgs) {
    if (token === "--") break;
    if (!token.startsWith("--")) continue;
    const name = token.slice(2).split("=")[0] ?? "";
    if (!known.has(name)) throw new CliExit(EXIT.usage, `unknown option --${name} (see --help)`);
  }
  const cli: Record<string, string | undefined> = {};
  for (const spec of Object.values(FLAGS)) {
    const value = spec.repeatable ? repeatedValues(rawArgs, spec.name) : args[spec.name];
    if (value !== undefined) cli[spec.name] = String(value);
  }
  try {
    return loadConfig(cli as CliValues);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliExit(EXIT.usage, e.message);
    throw e;
  }
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
