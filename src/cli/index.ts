/**
 * The command tree (citty) and its runner. Subcommands load lazily so `version` and `--help` never
 * pull in the interpreter or the MCP SDK. No subcommand means `start`, as MCP client configs expect.
 */

import type { CommandDef } from "citty";
import { PRODUCT_NAME, VERSION } from "../config/index.ts";
import { ANSI_SGR, colorsEnabled, paint } from "./colors.ts";
import { COMMAND_FILES, type CommandModule, lastLoadedCommand, loadCommand, loadEntry } from "./command-entries.ts";
import { COMMAND_META, type CommandName } from "./commands.ts";
import { CliExit, EXIT, exitOf, TEST_MCP_EXIT } from "./errors.ts";
import { findCommand, renderHelp } from "./help.ts";
import { isVersionRequest, versionText } from "./launch.ts";
import { rejectUnknownOptions } from "./options.ts";

// Loaded by URL, not bundled here: each is its own entry point in the binary (command-entries.ts).
const SUBCOMMANDS = Object.fromEntries(
  Object.entries(COMMAND_FILES).map(([name, file]) => [name, () => loadCommand(file)]),
) as Readonly<Record<CommandName, () => Promise<CommandDef>>>;

const META = {
  name: PRODUCT_NAME,
  version: VERSION,
  description: "MCP server that runs sandboxed PTC-Lisp programs (tool lisp_eval)",
};

/** The root command: `ptc-mcp <start|eval|version>`. */
export const rootCommand: CommandDef = { meta: META, subCommands: SUBCOMMANDS };

/** The root as seen by help: subcommands reduced to their metadata (plus `help`), so nothing is loaded. */
const rootForHelp: CommandDef = {
  meta: META,
  subCommands: {
    ...Object.fromEntries(Object.values(COMMAND_META).map((meta) => [meta.name, { meta }])),
    help: { meta: { name: "help", description: "Show the help of a command: help [command] [subcommand]" } },
  },
};

/** Where the runner writes; swappable for tests. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Whether `out` is a terminal (help keeps its colours and terminal width only then). */
  readonly tty: boolean;
  /** Columns of the terminal `out` is, when it is one. */
  readonly columns?: number | undefined;
  /** Colours wanted on `out` (a terminal without NO_COLOR); defaults to false. */
  readonly color?: boolean;
  /** Whether stdin is a terminal (bare `ptc-mcp` then prints usage instead of serving stdio). */
  readonly stdinTty?: boolean;
  /** Resolves once everything given to `out` is written (absent: `out` writes at once). */
  flush?(): Promise<unknown>;
}

/** Writes to stdout still in flight (see `processIO.out`). */
let pendingOut: Promise<unknown> = Promise.resolve();

// Read on use: `process.stdin` and `process.stdout` are stream objects built on first access (with
// threads behind them), and most commands never look at the terminal here. Text goes out through
// `Bun.write`, in order, and {@link runCli} waits for it before it resolves.
const processIO: CliIO = {
  out: (t) => {
    pendingOut = pendingOut.then(() => Bun.write(Bun.stdout, t));
  },
  flush: () => pendingOut,
  err: (t) => process.stderr.write(t),
  get tty() {
    return process.stdout.isTTY === true;
  },
  get columns() {
    return process.stdout.isTTY ? process.stdout.columns : undefined;
  },
  get color() {
    return colorsEnabled(process.stdout.isTTY, process.env);
  },
  get stdinTty() {
    return process.stdin.isTTY === true;
  },
};

/** Help wraps to the terminal's width, or 80 columns when `out` is not a terminal. */
function layoutFor(io: CliIO) {
  const width = io.tty && io.columns !== undefined && io.columns > 0 ? Math.max(40, io.columns) : 80;
  return { width, paint: paint(io.tty && io.color === true) };
}

/**
 * Prints the help page that `words` lead to (`["token", "create"]`; none for the root).
 * `strict` (the `help` verb) refuses a word that names no command; `--help` shows the deepest match.
 */
async function showHelp(words: readonly string[], strict: boolean, io: CliIO): Promise<number> {
  const found = words.length === 0 || words[0]?.startsWith("-") ? null : await findCommand(rootCommand, words, strict);
  if (found !== null && "unknown" in found) {
    const where = [PRODUCT_NAME, ...found.path].join(" ");
    io.err(
      `unknown command ${JSON.stringify(found.unknown)} for ${where} (see ${PRODUCT_NAME} help ${found.path.join(" ")})\n`.replace(
        " )",
        ")",
      ),
    );
    return EXIT.usage;
  }
  const page =
    found === null || found.path.length === 0
      ? await renderHelp(rootForHelp, [], layoutFor(io))
      : await renderHelp(found.command, found.path, layoutFor(io));
  io.out(io.tty ? page : page.replace(ANSI_SGR, ""));
  return EXIT.ok;
}

/** What bare `ptc-mcp` prints on a terminal, where serving MCP over stdio would sit silent. */
function shortUsage(io: CliIO): string {
  const { paint: p } = layoutFor(io);
  const row = (cmd: string, what: string) => `  ${p.cyan(cmd.padEnd(30))}${what}`;
  return [
    `${p.bold(`${PRODUCT_NAME} ${VERSION}`)} - ${META.description}`,
    "",
    `MCP clients start it as '${PRODUCT_NAME} start' and speak MCP over its stdin; here stdin is a terminal.`,
    row(`${PRODUCT_NAME} repl`, "try PTC-Lisp interactively"),
    row(`${PRODUCT_NAME} eval '(+ 1 2)'`, "run one program"),
    row(`${PRODUCT_NAME} start`, "serve MCP over stdio (what MCP clients run)"),
    row(`${PRODUCT_NAME} start --http`, "serve Streamable HTTP on 127.0.0.1:7332"),
    row(`${PRODUCT_NAME} help [command]`, "every command and option"),
    "",
  ].join("\n");
}

/**
 * Runs the command `rawArgs` start with, parsed by its own module's citty; a name that is no
 * command goes to the root with a citty of a command module, which refuses it as citty does.
 */
async function runNamed(rawArgs: readonly string[]): Promise<void> {
  const name = rawArgs[0] as string;
  if (Object.hasOwn(SUBCOMMANDS, name)) {
    const command = await SUBCOMMANDS[name as CommandName]();
    await (lastLoadedCommand() as CommandModule).runCommand(command, { rawArgs: rawArgs.slice(1) });
    return;
  }
  const versionModule = await loadEntry<CommandModule>(COMMAND_FILES.version);
  await versionModule.runCommand(rootCommand, { rawArgs: [...rawArgs] });
}

/**
 * Runs the CLI and resolves to the process exit status (see {@link EXIT}).
 * `--help`/`-h` (or `help [command...]`) prints the help page of the command it follows (help.ts)
 * to stdout; bare `ptc-mcp` with a terminal on stdin prints short usage instead of serving stdio.
 *
 * @param argv arguments after the executable, e.g. `["eval", "(+ 1 2)"]`
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  try {
    return await dispatch(argv, io);
  } finally {
    await io.flush?.();
  }
}

/** {@link runCli} before its output is flushed. */
async function dispatch(argv: readonly string[], io: CliIO): Promise<number> {
  const first = argv[0];
  const named = first !== undefined && first in SUBCOMMANDS ? (first as CommandName) : undefined;
  // `help help` is the root page, like `help`.
  if (first === "help") return showHelp(argv[1] === "help" ? [] : argv.slice(1), true, io);
  const beforeEnd = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
  if (beforeEnd.includes("--help") || beforeEnd.includes("-h")) return showHelp(argv, false, io);
  if (argv.length === 0 && io.stdinTty === true) {
    io.out(shortUsage(io));
    return EXIT.ok;
  }
  if (isVersionRequest(argv)) {
    io.out(versionText());
    return EXIT.ok;
  }
  const rawArgs = first === undefined || first.startsWith("-") ? ["start", ...argv] : [...argv];
  // `test mcp` gives 2 to contract failures, so its usage errors (unknown option, missing URL) take 64.
  const usage = named === "test" ? TEST_MCP_EXIT.usage : EXIT.usage;
  try {
    await rejectUnknownOptions(rootCommand, rawArgs, usage);
    await runNamed(rawArgs);
    return EXIT.ok;
  } catch (e) {
    // This bundle's own refusals (unknown option) map here; a command's errors by its own bundle.
    const command = lastLoadedCommand();
    const { code, message } = e instanceof CliExit || command === null ? exitOf(e, usage) : command.exitFor(e, usage);
    if (message) io.err(`${message}\n`);
    return code;
  }
}
