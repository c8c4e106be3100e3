/**
 * How a command ends with a non-zero status. Commands throw {@link CliExit}; the root runner turns
 * it into an exit code, and `src/main.ts` is the only place that calls `process.exit`.
 */

import { PRODUCT_NAME } from "../config/index.ts";

/** Exit statuses of the CLI. */
export const EXIT = {
  ok: 0,
  /** The program failed, or its input (context file) was unusable. */
  failure: 1,
  /** Bad command line or configuration value. */
  usage: 2,
} as const;

/**
 * Exit statuses of `test mcp`, as the mcpctl verb it comes from defines them (0 pass, 1 transport or
 * auth failure, 2 contract failure), so scripts written for it read the same codes. That contract
 * names no status for bad usage; it takes `EX_USAGE` (64, sysexits.h) so it collides with neither.
 */
export const TEST_MCP_EXIT = { pass: 0, transport: 1, contract: 2, usage: 64 } as const;

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

/**
 * The exit status and stderr text of an error no layer rule covers (exit-codes.ts adds those): a
 * {@link CliExit} as it says, a citty usage error (string `code`: unknown command, missing
 * positional) as `usage`, anything else as a failure prefixed with the product name.
 */
export function exitOf(e: unknown, usage: number = EXIT.usage): { code: number; message: string } {
  if (e instanceof CliExit) return { code: e.code, message: e.message };
  const message = `${PRODUCT_NAME}: ${e instanceof Error ? e.message : String(e)}`;
  const isUsage = e instanceof Error && typeof (e as { code?: unknown }).code === "string";
  return { code: isUsage ? usage : EXIT.failure, message };
}
