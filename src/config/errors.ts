/**
 * Errors of the configuration layer. A bad flag or environment value stops the boot with one
 * readable line naming the source and the offending text.
 */

/** Stable codes for {@link ConfigError}. */
export type ConfigErrorCode = "invalid_value" | "unknown_flag";

/**
 * A configuration value that cannot be used. `message` is the complete line shown to the
 * operator, e.g. `--max-program-bytes: expected a positive integer, got "abc"`.
 */
export class ConfigError extends Error {
  constructor(
    readonly code: ConfigErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}
