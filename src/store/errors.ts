/**
 * Errors of the store layer. A store problem at boot (unreadable file, a schema newer than this
 * binary) stops the server with one readable line; at request time callers decide whether to
 * fail open (the auth rate limiter does) or closed.
 */

/** Stable codes for {@link StoreError}. */
export type StoreErrorCode =
  | "open_failed"
  | "schema_too_new"
  | "migration_failed"
  | "duplicate_name"
  | "not_found"
  /** The database cannot be reached (connect or query timed out, connection refused or lost). */
  | "unavailable";

/** A state-store failure; `message` names the file or the record concerned. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "StoreError";
  }
}
