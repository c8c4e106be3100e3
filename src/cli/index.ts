/**
 * The command tree (citty) and its runner. Subcommands load lazily so `version` and `--help` never
 * pull in the interpreter or the MCP SDK. No subcommand means `start`, as MCP client configs expect.
 */

import { type CommandDef, renderUsage, runCommand } from "citty";
import { PRODUCT_NAME, VERSION } from "../config/index.ts";
import { COMMAND_META, type CommandName } from "./commands.ts";
import { EXIT } from "./errors.ts";
import { rejectUnknownOptions } from "./options.ts";

const SUBCOMMANDS: Readonly<Record<CommandName, () => Promise<CommandDef>>> = {
  start: () => import("./start.ts").then((m) => m.default as CommandDef),
  eval: () => import("./eval.ts").then((m) => m.default as CommandDef),
  repl: () => import("./repl.ts").then((m) => m.default as CommandDef),
  token: () => import("./token.ts").then((m) => m.default as CommandDef),
  test: () => import("./test-mcp.ts").then((m) => m.default as CommandDef),
  viewer: () => import("./viewer.ts").then((m) => m.default as CommandDef),
  version: () => import("./version.ts").then((m) => m.default as CommandDef),
};

const META = {
  name: PRODUCT_NAME,
  version: VERSION,
  description: "MCP server that runs sandboxed PTC-Lisp programs (tool lisp_eval)",
};

/** The root command: `ptc-mcp <start|eval|version>`. */
export const rootCommand: CommandDef = { meta: META, subCommands: SUBCOMMANDS };

/** The root as seen by `--help`: subcommands reduced to their metadata, so nothing is loaded. */
const rootForHelp: CommandDef = {
  meta: META,
  subCommands: Object.fromEntries(Object.values(COMMAND_META).map((meta) => [meta.name, { meta }])),
};

/** Where the runner writes; swappable for tests. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Whether `out` is a terminal (usage text keeps its colours only then). */
  readonly tty: boolean;
}

const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  tty: process.stdout.isTTY === true,
};

const ANSI = /\u001B\[[0-9;]*m/g;

/**
 * Runs the CLI and resolves to the process exit status (see {@link EXIT}).
 * `--help`/`-h` prints the usage of the named subcommand (or the root) to stdout.
 *
 * @param argv arguments after the executable, e.g. `["eval", "(+ 1 2)"]`
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const first = argv[0];
  const named = first !== undefined && first in SUBCOMMANDS ? (first as CommandName) : undefined;
  if (argv.includes("--help") || argv.includes("-h")) {
    const usage = named ? await renderUsage(await SUBCOMMANDS[named](), rootForHelp) : await renderUsage(rootForHelp);
    io.out(`${io.tty ? usage : usage.replace(ANSI, "")}\n`);
    return EXIT.ok;
  }
  if (argv.length === 1 && (first === "--version" || first === "-v")) {
    io.out(`${PRODUCT_NAME} ${VERSION}\n`);
    return EXIT.ok;
  }
  const rawArgs = first === undefined || first.startsWith("-") ? ["start", ...argv] : [...argv];
  try {
    await rejectUnknownOptions(rootCommand, rawArgs);
    await runCommand(rootCommand, { rawArgs });
    return EXIT.ok;
  } catch (e) {
    const { code, message } = (await import("./exit-codes.ts")).exitFor(e);
    if (message) io.err(`${message}\n`);
    return code;
  }
}
