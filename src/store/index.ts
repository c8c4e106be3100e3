/**
 * Store layer: the state of the HTTP mode (tokens, session metadata, failed-auth counters, audit
 * records) and of stateful PTC-Lisp sessions (both transports). Every repository is asynchronous,
 * so the embedded SQLite file and a networked database implement one interface. The only importer
 * of `bun:sqlite`; imports no layer above it.
 */

import { Database } from "bun:sqlite";
import { type AuditRepo, createSqliteAuditRepo } from "./audit.ts";
import { type AuthFailureRepo, createSqliteAuthFailureRepo } from "./auth-failures.ts";
import { openDatabase } from "./db.ts";
import { StoreError } from "./errors.ts";
import { migrate } from "./migrations.ts";
import { createSqliteLispSessionRepo, type LispSessionRepo } from "./lisp-sessions.ts";
import { createSqliteSessionRepo, type SessionRepo } from "./sessions.ts";
import { createSqliteTokenRepo, type TokenRepo } from "./tokens.ts";

export type { AuditFilter, AuditRecord, AuditRepo } from "./audit.ts";
export type { AuthFailureRepo, FailurePolicy, FailureState } from "./auth-failures.ts";
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
export type { SessionCloseReason, SessionRecord, SessionRepo } from "./sessions.ts";
export type { NewToken, TokenRecord, TokenRepo } from "./tokens.ts";

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

/**
 * Opens (creating and migrating if needed) the store at `location`.
 *
 * @throws {StoreError} `open_failed`, `schema_too_new`, `migration_failed`, `unavailable`
 */
export async function openStore(location: StoreLocation | string): Promise<Store> {
  const where: StoreLocation = typeof location === "string" ? { dataDir: location } : location;
  if (where.url) throw new StoreError("open_failed", "--store-url: networked stores are not supported yet");
  return openSqliteStore(where.dataDir);
}

/**
 * Opens the SQLite store of `dataDir` synchronously (see {@link openDatabase}); for callers that
 * know they want the embedded file (tests, tools).
 *
 * @throws {StoreError} `open_failed`, `schema_too_new`, `migration_failed`
 */
export function openSqliteStore(dataDir: string): Store {
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
    kind: "sqlite",
    tokens: createSqliteTokenRepo(db),
    sessions: createSqliteSessionRepo(db),
    authFailures: createSqliteAuthFailureRepo(db),
    audit: createSqliteAuditRepo(db),
    lispSessions: createSqliteLispSessionRepo(db),
    async ping() {
      db.query("SELECT 1").get();
    },
    async close() {
      try {
        db.run("PRAGMA wal_checkpoint(TRUNCATE)");
      } catch {
        // Another connection may be reading; the WAL is checkpointed on its next open.
      }
      db.close();
    },
  };
}
