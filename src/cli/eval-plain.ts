/**
 * The plain `ptc-mcp eval '<program>'`, one program given as the only word after `eval` (no
 * option, not `-`), run straight from the binary's root (launch.ts) without the command tree:
 * the root bundle (help, the flag table it checks options against, citty) and the `eval`
 * command's own bundle are not loaded, nor the `node:util` that citty's parser needs. With no
 * option there is nothing to parse or refuse, so this is exactly what the command tree does for
 * that command line: the same run (eval-run.ts), the same exit statuses and stderr text
 * (exit-codes.ts). Its own entry point in the binary (build.ts, command-entries.ts).
 */

import { runEval } from "./eval-run.ts";
import { EXIT } from "./errors.ts";
import { exitFor } from "./exit-codes.ts";

export { exitFor } from "./exit-codes.ts";

/**
 * Runs `program` as `ptc-mcp eval <program>` does and resolves to its exit status: 0 after the
 * answer was written to stdout; otherwise the status of the error, whose message (if any) went
 * to stderr, as the root runner prints it (index.ts).
 */
export async function runPlainEval(program: string): Promise<number> {
  try {
    await runEval({ _: [program], program }, [program]);
    return EXIT.ok;
  } catch (e) {
    const { code, message } = exitFor(e, EXIT.usage);
    if (message) process.stderr.write(`${message}\n`);
    return code;
  }
}
