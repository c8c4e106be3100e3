/**
 * Store layer: the state of the HTTP mode (tokens, session metadata, failed-auth counters, audit
 * records) and of stateful PTC-Lisp sessions (both transports). Every repository is asynchronous,
 * so the embedded SQLite file and a networked database implement one interface. The only importer
 * of `bun:sqlite`; imports no layer above it.
 */

import { Database } from "bun:sqlite";
import { createSqliteAuditRepo } from "./audit.ts";
import { createSqliteAuthFailureRepo } from "./auth-failures.ts";
import { openDatabase } from "./db.ts";
import { migrate } from "./migrations.ts";
import { createSqliteLispSessionRepo } from "./lisp-sessions.ts";
import { createSqliteSessionRepo } from "./sessions.ts";
import type { Store, StoreLocation } from "./store.ts";
import { createSqliteTokenRepo } from "./tokens.ts";

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
export type { SessionCloseReason, SessionRecord, SessionRepo, StoredSession } from "./sessions.ts";
export type { Store, StoreLocation } from "./store.ts";
export type { NewToken, TokenRecord, TokenRepo } from "./tokens.ts";

/**
 * Opens (creating and migrating if needed) the store at `location`.
 *
 * @throws {StoreError} `open_failed`, `schema_too_new`, `migration_failed`, `unavailable`
 */
export async function openStore(location: StoreLocation | string): Promise<Store> {
  const where: StoreLocation = typeof location === "string" ? { dataDir: location } : location;
  if (where.url) {
    // Loaded only when asked for: a SQLite deployment never parses the PostgreSQL code.
    const { openPostgresStore } = await import("./postgres/index.ts");
    return openPostgresStore(where.url, where.poolSize ?? 10);
  }
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
