/**
 * How a command ends with a non-zero status. Commands throw {@link CliExit}; the root runner turns
 * it into an exit code, and `src/main.ts` is the only place that calls `process.exit`.
 */

/** Exit statuses of the CLI. */
export const EXIT = {
  ok: 0,
  /** The program failed, or its input (context file) was unusable. */
  failure: 1,
  /** Bad command line or configuration value. */
  usage: 2,
} as const;

/** Ends the command with `code` after printing `message` (if any) to stderr. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message = "",
  ) {
    super(message);
    this.name = "CliExit";
  }
}
