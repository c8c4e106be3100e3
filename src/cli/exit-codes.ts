/**
 * The one table from error classes to exit statuses, applied where the command tree runs
 * ({@link runCli}): commands let layer errors propagate instead of catching and re-throwing them.
 * Loaded only when a command fails, so a successful start pays nothing for it.
 */

import { AuthError } from "../auth/index.ts";
import { ConfigError, PRODUCT_NAME } from "../config/index.ts";
import { StoreError } from "../store/index.ts";
import { UpstreamConfigError, UpstreamStartError } from "../upstream/index.ts";
import { CliExit, EXIT } from "./errors.ts";

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
 */
export function exitFor(e: unknown): { code: number; message: string } {
  if (e instanceof CliExit) return { code: e.code, message: e.message };
  for (const rule of EXIT_RULES)
    if (e instanceof rule.type) return { code: rule.code, message: rule.prefix + e.message };
  const message = `${PRODUCT_NAME}: ${e instanceof Error ? e.message : String(e)}`;
  const isUsage = e instanceof Error && typeof (e as { code?: unknown }).code === "string";
  return { code: isUsage ? EXIT.usage : EXIT.failure, message };
}
