/**
 * Errors of the upstream layer. Both carry a stable string `code`; the message is one complete
 * line for an operator (config and boot) and never contains a resolved credential.
 */

/** Codes of {@link UpstreamConfigError}. */
export type UpstreamConfigErrorCode =
  | "not_found"
  | "unreadable"
  | "invalid_json"
  | "invalid_config"
  | "unresolved_env"
  | "credential";

/**
 * The upstreams file cannot be used. `path` is the dotted path of the offending field
 * (`upstreams.fs.transport`) when the fault is inside the document, `""` otherwise.
 */
export class UpstreamConfigError extends Error {
  constructor(
    readonly code: UpstreamConfigErrorCode,
    message: string,
    readonly path = "",
  ) {
    super(message);
    this.name = "UpstreamConfigError";
  }
}

/** An upstream that had to start at boot (frozen snapshot mode) could not start or list its tools. */
export class UpstreamStartError extends Error {
  readonly code = "upstream_start_failed";
  constructor(
    /** Configured name of the upstream. */
    readonly server: string,
    message: string,
  ) {
    super(message);
    this.name = "UpstreamStartError";
  }
}
