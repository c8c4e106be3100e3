/**
 * What the binary's root does first (src/main.ts): it answers `version` itself, hands the plain
 * `eval '<program>'` to eval-plain.ts, and every other command line to the command tree
 * (index.ts). Both are loaded by URL, each its own entry point in the binary (build.ts), so a
 * start evaluates only the code of the path it takes: `version` and a plain `eval` never evaluate
 * the command tree's help, flag table and citty (decision 0037).
 */

import { PRODUCT_NAME, VERSION } from "../config/index.ts";
import { loadEntry, ROOT_FILE } from "./command-entries.ts";

/** The command tree's runner (index.ts; typed here, as index.ts imports this module). */
interface Cli {
  runCli(argv: readonly string[]): Promise<number>;
}
/** The plain `eval`'s runner (eval-plain.ts). */
type PlainEval = typeof import("./eval-plain.ts");

/** True for `ptc-mcp version`, `--version` and `-v`, alone: the root prints the version. */
export function isVersionRequest(argv: readonly string[]): boolean {
  const first = argv[0];
  return argv.length === 1 && (first === "--version" || first === "-v" || first === "version");
}

/** The line `ptc-mcp version` prints: `ptc-mcp 0.1.0`. */
export function versionText(): string {
  return `${PRODUCT_NAME} ${VERSION}\n`;
}

/**
 * True for `eval <program>` with nothing else, the program not starting with `-` (an option,
 * `--`, or `-` for stdin): a command line with no option to parse, refuse or ask help for.
 */
export function isPlainEval(argv: readonly string[]): boolean {
  return argv.length === 2 && argv[0] === "eval" && !(argv[1] as string).startsWith("-");
}

/**
 * Runs the command line `argv` (the arguments after the executable) and resolves to the exit
 * status, as `runCli` (index.ts) does.
 */
export async function launch(argv: readonly string[]): Promise<number> {
  if (isVersionRequest(argv)) {
    await Bun.write(Bun.stdout, versionText());
    return 0;
  }
  if (isPlainEval(argv)) return (await loadEntry<PlainEval>("eval-plain")).runPlainEval(argv[1] as string);
  return (await loadEntry<Cli>(ROOT_FILE)).runCli(argv);
}
