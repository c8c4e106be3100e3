/**
 * The shape of an open state store, whatever holds it: one repository per table, a health probe
 * and shutdown. `src/store/index.ts` opens the SQLite file or (`--store-url`) PostgreSQL.
 */

import type { AuditRepo } from "./audit.ts";
import type { AuthFailureRepo } from "./auth-failures.ts";
import type { LispSessionRepo } from "./lisp-sessions.ts";
import type { SessionRepo } from "./sessions.ts";
import type { TokenRepo } from "./tokens.ts";

/** The open store: one repository per table. */
export interface Store {
  /** `sqlite` (one file, one process writes at a time) or `postgres` (shared by replicas). */
  readonly kind: "sqlite" | "postgres";
  readonly tokens: TokenRepo;
  readonly sessions: SessionRepo;
  readonly authFailures: AuthFailureRepo;
  readonly audit: AuditRepo;
  /** Stateful PTC-Lisp sessions (`--sessions`). */
  readonly lispSessions: LispSessionRepo;
  /** Resolves when the database answers a trivial query; rejects (StoreError `unavailable`) when not. */
  ping(): Promise<void>;
  /** Releases the database (SQLite: checkpoints the WAL and closes the file). */
  close(): Promise<void>;
}

/** Where the store lives. */
export interface StoreLocation {
  /** `--data-dir`: the SQLite file's directory, used when `url` is unset. */
  readonly dataDir: string;
  /** `--store-url`: unset/null/empty for the embedded SQLite file. */
  readonly url?: string | null | undefined;
  /** `--store-pool-size`: connections of a networked store (ignored by SQLite). */
  readonly poolSize?: number | undefined;
}
