/**
 * Schema migrations, versioned in code. `PRAGMA user_version` records how many have run; each
 * migration runs once, inside a transaction, in order. Never edit a shipped migration: append one.
 *
 * Tables (times are Unix epoch milliseconds):
 * - `tokens`: named bearer tokens. Only the SHA-256 of the raw token is kept (`hash`); `prefix` is
 *   the first characters for display. `upstreams` is a JSON array of upstream names or NULL (all).
 * - `http_sessions`: metadata of 2025-era protocol sessions. The live session is in memory; the
 *   row keeps a hash of its id, its owner and its lifecycle for operators.
 * - `auth_failures`: failed bearer authentications per peer IP, and the block deadline.
 * - `audit`: one row per MCP request served over HTTP (owner, session hash, method, tool, status).
 * - `lisp_sessions` (v2): stateful PTC-Lisp sessions (`--sessions`): owner, lifetime, `revision`
 *   (bumped by every commit), and `history` (JSON: `*1 *2 *3`, prints, tool and upstream calls).
 * - `lisp_session_bindings` (v2): one row per `def`ed name, its value encoded by the value codec.
 * - `http_sessions.init_params` (v3): JSON of the client's `initialize` params, so a replica that
 *   does not hold a session in memory can rebuild it (docs/decisions/0021-replica-sessions.md).
 * - `audit` (v4) gains what one tool call cost and saved: `token_name` (as it was when the call was
 *   made), `outcome` (`ok` or the error reason), `bytes_in` / `bytes_out` (arguments and result as
 *   JSON), `upstream_calls` and `upstream_bytes` (successful upstream answers read). NULL on rows
 *   written before v4 and on requests that are not tool calls.
 * - `lisp_sessions.lease_holder`, `lease_until` (v5): the eval lease (one eval per session at a
 *   time across processes sharing the database; a lease past `lease_until` is free to take).
 */

import type { Database } from "bun:sqlite";
import { StoreError } from "./errors.ts";

/** One schema step. */
export interface Migration {
  /** 1-based; equals the `user_version` after it ran. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "tokens, http sessions, auth failures, audit",
    sql: `
      CREATE TABLE tokens (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL UNIQUE,
        hash         TEXT NOT NULL UNIQUE,
        prefix       TEXT NOT NULL,
        description  TEXT,
        upstreams    TEXT,
        created_at   INTEGER NOT NULL,
        expires_at   INTEGER,
        last_used_at INTEGER,
        revoked_at   INTEGER
      );
      CREATE TABLE http_sessions (
        id_hash          TEXT PRIMARY KEY,
        owner            TEXT NOT NULL,
        protocol_version TEXT,
        instance         TEXT NOT NULL,
        created_at       INTEGER NOT NULL,
        last_seen_at     INTEGER NOT NULL,
        closed_at        INTEGER,
        close_reason     TEXT
      );
      CREATE INDEX http_sessions_open ON http_sessions (closed_at);
      CREATE TABLE auth_failures (
        source            TEXT PRIMARY KEY,
        failures          INTEGER NOT NULL,
        window_started_at INTEGER NOT NULL,
        blocked_until     INTEGER
      );
      CREATE TABLE audit (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        at           INTEGER NOT NULL,
        instance     TEXT NOT NULL,
        request_id   TEXT NOT NULL,
        owner        TEXT NOT NULL,
        session_hash TEXT,
        era          TEXT NOT NULL,
        rpc_method   TEXT,
        tool         TEXT,
        status       INTEGER NOT NULL,
        duration_ms  REAL NOT NULL
      );
      CREATE INDEX audit_at ON audit (at);
    `,
  },
  {
    version: 2,
    name: "stateful lisp sessions and their bindings",
    sql: `
      CREATE TABLE lisp_sessions (
        id            TEXT PRIMARY KEY,
        owner         TEXT NOT NULL,
        created_at    INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL,
        last_used_at  INTEGER NOT NULL,
        eval_count    INTEGER NOT NULL DEFAULT 0,
        revision      INTEGER NOT NULL DEFAULT 0,
        memory_bytes  INTEGER NOT NULL DEFAULT 0,
        binding_count INTEGER NOT NULL DEFAULT 0,
        history       TEXT NOT NULL,
        closed_at     INTEGER,
        close_reason  TEXT
      );
      CREATE INDEX lisp_sessions_open ON lisp_sessions (closed_at, owner);
      CREATE TABLE lisp_session_bindings (
        session_id TEXT NOT NULL REFERENCES lisp_sessions (id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        value      TEXT NOT NULL,
        bytes      INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, name)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: "initialize parameters of http sessions, so any replica can rebuild one",
    sql: "ALTER TABLE http_sessions ADD COLUMN init_params TEXT;",
  },
  {
    version: 4,
    name: "audit: token name, outcome, bytes in and out, upstream calls and bytes",
    sql: `
      ALTER TABLE audit ADD COLUMN token_name TEXT;
      ALTER TABLE audit ADD COLUMN outcome TEXT;
      ALTER TABLE audit ADD COLUMN bytes_in INTEGER;
      ALTER TABLE audit ADD COLUMN bytes_out INTEGER;
      ALTER TABLE audit ADD COLUMN upstream_calls INTEGER;
      ALTER TABLE audit ADD COLUMN upstream_bytes INTEGER;
    `,
  },
  {
    version: 5,
    name: "eval leases of lisp sessions",
    sql: `
      ALTER TABLE lisp_sessions ADD COLUMN lease_holder TEXT;
      ALTER TABLE lisp_sessions ADD COLUMN lease_until INTEGER;
    `,
  },
];

/** The schema version this binary writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings `db` up to {@link SCHEMA_VERSION}.
 *
 * @returns the version found before migrating
 * @throws {StoreError} `schema_too_new` when the file was written by a newer binary;
 *   `migration_failed` when a step fails (that step is rolled back)
 */
export function migrate(db: Database): number {
  const row = db.query("PRAGMA user_version").get() as { user_version: number } | null;
  const found = row?.user_version ?? 0;
  if (found > SCHEMA_VERSION) {
    throw new StoreError(
      "schema_too_new",
      `the state store has schema version ${found}; this binary knows up to ${SCHEMA_VERSION}`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= found) continue;
    try {
      db.transaction(() => {
        db.run(m.sql);
        db.run(`PRAGMA user_version = ${m.version}`);
      })();
    } catch (e) {
      throw new StoreError("migration_failed", `migration ${m.version} (${m.name}) failed: ${(e as Error).message}`);
    }
  }
  return found;
}
