/**
 * The one table from error classes to exit statuses, applied where the command tree runs
 * ({@link runCli}): commands let layer errors propagate instead of catching and re-throwing them.
 * Each command module re-exports {@link exitFor} (command-entries.ts): in the binary a command is a
 * bundle of its own, and only its own copies of the error classes match its errors.
 */

import { AuthError } from "../auth/index.ts";
import { ConfigError } from "../config/index.ts";
import { StoreError } from "../store/index.ts";
import { UpstreamConfigError, UpstreamStartError } from "../upstream/index.ts";
import { CliExit, EXIT, exitOf } from "./errors.ts";

/** One row: errors of `type` end the command with `code`, printing `prefix` + their message. */
interface ExitRule {
  readonly type: abstract new (...args: never[]) => Error;
  readonly code: number;
  readonly prefix: string;
}

/** First match wins. A bad flag, token argument or upstreams file is a usage error; a store or upstream that cannot start is a failure. */
export const EXIT_RULES: readonly ExitRule[] = [
  { type: ConfigError, code: EXIT.usage, prefix: "" },
  { type: AuthError, code: EXIT.usage, prefix: "" },
  { type: UpstreamConfigError, code: EXIT.usage, prefix: "upstreams: " },
  { type: StoreError, code: EXIT.failure, prefix: "" },
  { type: UpstreamStartError, code: EXIT.failure, prefix: "upstreams: " },
];

/**
 * The exit status and stderr text (empty for none) for an error a command threw: a {@link CliExit}
 * as it says, a row of {@link EXIT_RULES}, a citty usage error (string `code`: unknown command,
 * missing positional) as usage, anything else as a failure prefixed with the product name.
 *
 * @param usage the status usage errors get: 2, or 64 for `test mcp` (whose 2 means a contract failure)
 */
export function exitFor(e: unknown, usage: number = EXIT.usage): { code: number; message: string } {
  if (e instanceof CliExit) return { code: e.code, message: e.message };
  for (const rule of EXIT_RULES)
    if (e instanceof rule.type)
      return { code: rule.code === EXIT.usage ? usage : rule.code, message: rule.prefix + e.message };
  return exitOf(e, usage);
}
