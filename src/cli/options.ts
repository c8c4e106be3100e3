/**
 * The one unknown-option check: every `--name` on the command line must be an option of the
 * (sub)command it reaches, so a typo never goes unnoticed. Runs once in {@link runCli} before the
 * command; commands declare their options in `args` and need no check of their own.
 */

import type { ArgsDef, CommandDef, Resolvable } from "citty";
import { CliExit, EXIT } from "./errors.ts";

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
 * @throws {CliExit} usage (2), `unknown option --x (see --help)`
 */
export async function rejectUnknownOptions(root: CommandDef, argv: readonly string[]): Promise<void> {
  let command = root;
  let i = 0;
  for (;;) {
    const subs = await resolved(command.subCommands);
    const name = argv[i];
    const next = subs !== undefined && name !== undefined ? subs[name] : undefined;
    if (next === undefined) break;
    command = (await resolved(next)) as CommandDef;
    i++;
  }
  const known = optionNames((await resolved(command.args)) ?? {});
  for (const token of argv.slice(i)) {
    if (token === "--") break;
    if (!token.startsWith("--")) continue;
    const name = token.slice(2).split("=")[0] ?? "";
    if (!known.has(name)) throw new CliExit(EXIT.usage, `unknown option --${name} (see --help)`);
  }
}
