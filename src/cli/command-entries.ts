/**
 * Subcommands as separate modules, loaded by URL when a command line names them. In the compiled
 * binary each one is an entry point of its own (build.ts) holding only what that command needs, so
 * `version` or `eval` never load the bytes of the HTTP server, the OAuth verifier or the MCP SDK:
 * a single bundle would carry all of them at every start (its top level and every `node:` module
 * any part of it imports are evaluated before the first line runs).
 *
 * Each entry bundle has its own copies of the modules it shares with the root (config, citty, the
 * error classes), so an error a command throws is mapped to its exit status by the command's own
 * {@link CommandModule.exitFor}: `instanceof` holds only within one bundle.
 */

import type { CommandDef, runCommand } from "citty";

/** What a subcommand module exports (command-module.ts). */
export interface CommandModule {
  readonly default: CommandDef;
  /** Its bundle's exit-codes.ts `exitFor`: the exit status and message for an error it threw. */
  readonly exitFor: (e: unknown, usage?: number) => { code: number; message: string };
  /** Its bundle's citty `runCommand`: parses the arguments after the command's name and runs it. */
  readonly runCommand: typeof runCommand;
}

/** Subcommand files under src/cli/, by command name. */
export const COMMAND_FILES = {
  start: "start",
  eval: "eval",
  repl: "repl",
  token: "token",
  audit: "audit",
  test: "test-mcp",
  viewer: "viewer",
  version: "version",
} as const;

/**
 * Other modules of src/cli/ loaded by URL: the aggregator, which `eval` needs only when an
 * upstreams file exists (the MCP client and the OpenAPI runtime stay unloaded otherwise), and the
 * plain `eval '<program>'` the root runs without the command tree (launch.ts).
 */
export const MODULE_FILES = ["upstreams", "eval-plain"] as const;

/**
 * The command tree (index.ts), loaded by URL from the binary's root (launch.ts) for every command
 * line but `version` and the plain `eval '<program>'` (eval-plain.ts, in {@link MODULE_FILES}).
 */
export const ROOT_FILE = "index";

let lastLoaded: CommandModule | null = null;

/**
 * Loads the module of file `file` of src/cli/ (a value of {@link COMMAND_FILES} or
 * {@link MODULE_FILES}, or {@link ROOT_FILE}). From source it sits beside this file; in the binary it is stored under its
 * path in the repository, beside the root entry `Bun.main` names (build.ts).
 */
export async function loadEntry<T>(file: string): Promise<T> {
  const here = import.meta.url;
  const url = here.endsWith("/cli/command-entries.ts")
    ? new URL(`./${file}.ts`, here)
    : new URL(`./src/cli/${file}.ts`, Bun.pathToFileURL(Bun.main));
  return (await import(url.href)) as T;
}

/** Loads subcommand file `file` and returns its command (remembered for {@link lastLoadedCommand}). */
export async function loadCommand(file: string): Promise<CommandDef> {
  const loaded = await loadEntry<CommandModule>(file);
  lastLoaded = loaded;
  return loaded.default;
}

/** The module loaded last (the command that ran, after a command line ran), or null. */
export function lastLoadedCommand(): CommandModule | null {
  return lastLoaded;
}
