/**
 * Store layer: the embedded SQLite state of the HTTP mode (tokens, session metadata, failed-auth
 * counters, audit records) and of stateful PTC-Lisp sessions (both transports). The only importer of `bun:sqlite`; imports no layer above it.
 */

import { Database } from "bun:sqlite";
import { type AuditRepo, createAuditRepo } from "./audit.ts";
import { type AuthFailureRepo, createAuthFailureRepo } from "./auth-failures.ts";
import { openDatabase } from "./db.ts";
import { migrate } from "./migrations.ts";
import { createLispSessionRepo, type LispSessionRepo } from "./lisp-sessions.ts";
import { createSqliteSessionRepo, type SessionRepo } from "./sessions.ts";
import { createTokenRepo, type TokenRepo } from "./tokens.ts";

export type { AuditFilter, AuditRecord, AuditRepo } from "./audit.ts";
export type { AuthFailureRepo, FailureState } from "./auth-failures.ts";
export { STORE_FILE, storePath } from "./db.ts";
export { StoreError, type StoreErrorCode } from "./errors.ts";
export { MIGRATIONS, SCHEMA_VERSION } from "./migrations.ts";
export type {
  LispSessionCloseReason,
  LispSessionCommit,
  LispSessionRecord,
  LispSessionRepo,
  StoredBinding,
} from "./lisp-sessions.ts";
export type { SessionCloseReason, SessionRecord, SessionRepo, StoredSession } from "./sessions.ts";
export type { NewToken, TokenRecord, TokenRepo } from "./tokens.ts";

/** The open store: one repository per table. */
export interface Store {
  readonly tokens: TokenRepo;
  readonly sessions: SessionRepo;
  readonly authFailures: AuthFailureRepo;
  readonly audit: AuditRepo;
  /** Stateful PTC-Lisp sessions (`--sessions`). */
  readonly lispSessions: LispSessionRepo;
  /** Checkpoints the WAL and closes the file. */
  close(): void;
}

/**
 * Opens the store of `dataDir` (see {@link openDatabase}).
 *
 * @throws {StoreError}
 */
export function openStore(dataDir: string): Store {
  return storeOver(openDatabase(dataDir));
}

/**
 * A store that lives in memory and ends with the process (the REPL's own session): same schema and
 * repositories as {@link openStore}, no file.
 */
export function openEphemeralStore(): Store {
  const db = new Database(":memory:", { strict: true });
  migrate(db);
  return storeOver(db);
}

function storeOver(db: Database): Store {
  return {
    tokens: createTokenRepo(db),
    sessions: createSqliteSessionRepo(db),
    authFailures: createAuthFailureRepo(db),
    audit: createAuditRepo(db),
    lispSessions: createLispSessionRepo(db),
    close() {
      try {
        db.run("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch {
        // Another connection may be reading; the WAL is checkpointed on its next open.
      }
      db.close();
    },
  };
}
