/**
 * The one unknown-option check: every `--name` on the command line must be an option of the
 * (sub)command it reaches, so a typo never goes unnoticed. Runs once in {@link runCli} before the
 * command; commands declare their options in `args` and need no check of their own.
 */

import type { ArgsDef, CommandDef, Resolvable } from "citty";
import { CliExit, EXIT } from "./errors.ts";
import { CONFIG_FLAG_NAMES } from "./flag-scope.ts";

async function resolved<T>(value: Resolvable<T> | undefined): Promise<T | undefined> {
  return typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;
}

/** Long option names `args` accepts: each name and alias, `no-<name>` for booleans, and `help`. */
function optionNames(args: ArgsDef): Set<string> {
  const names = new Set(["help"]);
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    names.add(name);
    if (def.type === "boolean") names.add(`no-${name}`);
    const alias = (def as { alias?: string | string[] }).alias;
    for (const a of alias === undefined ? [] : Array.isArray(alias) ? alias : [alias]) names.add(a);
  }
  return names;
}

/**
 * Follows `argv` down the subcommands of `root` and refuses an option the reached command lacks.
 *
 * @param argv arguments after the executable, starting with the subcommand (`["token", "list", "--x"]`)
 * @param usage the exit status of the refusal (2, or `test mcp`'s 64)
 * @throws {CliExit} usage (2 by default), `unknown option --x (see --help)`, or for a server flag the
 *   command does not read, `--trace-dir: not used by eval`
 */
export async function rejectUnknownOptions(
  root: CommandDef,
  argv: readonly string[],
  usage: number = EXIT.usage,
): Promise<void> {
  let command = root;
  let i = 0;
  const path: string[] = [];
  for (;;) {
    const subs = await resolved(command.subCommands);
    const name = argv[i];
    const next = subs !== undefined && name !== undefined ? subs[name] : undefined;
    if (next === undefined) break;
    command = (await resolved(next)) as CommandDef;
    path.push(name as string);
    i++;
  }
  const known = optionNames((await resolved(command.args)) ?? {});
  for (const token of argv.slice(i)) {
    if (token === "--") break;
    if (!token.startsWith("--")) continue;
    const name = token.slice(2).split("=")[0] ?? "";
    if (known.has(name)) continue;
    // A server flag the command would ignore: say so, rather than "unknown".
    if (CONFIG_FLAG_NAMES.has(name) && path.length > 0)
      throw new CliExit(usage, `--${name}: not used by ${path.join(" ")}`);
    throw new CliExit(usage, `unknown option --${name} (see --help)`);
  }
}
