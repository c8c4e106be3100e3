/**
 * Schema migrations of the PostgreSQL store, versioned like the SQLite ones (`../migrations.ts`)
 * but numbered on their own: `ptc_schema_migrations` holds one row per applied version. Replicas
 * that boot together take a transaction-scoped advisory lock first, so exactly one of them
 * migrates and the others wait and then find nothing to do. A database whose newest version is
 * above {@link PG_SCHEMA_VERSION} was written by a newer binary: this one refuses to start.
 * Never edit a shipped migration: append one.
 *
 * Times are Unix epoch milliseconds in `BIGINT` columns; the tables mirror the SQLite ones.
 */

import { StoreError } from "../errors.ts";
import type { Migration } from "../migrations.ts";
import { num, type PgPool } from "./client.ts";

/** Key of `pg_advisory_xact_lock` that serialises migrations (any fixed 64-bit number). */
const MIGRATION_LOCK = 7_332_015_001;

/** Every PostgreSQL migration, oldest first. */
export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "tokens, http sessions, auth failures, audit, lisp sessions with eval leases",
    sql: `
      CREATE TABLE tokens (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL UNIQUE,
        hash         TEXT NOT NULL UNIQUE,
        prefix       TEXT NOT NULL,
        description  TEXT,
        upstreams    TEXT,
        created_at   BIGINT NOT NULL,
        expires_at   BIGINT,
        last_used_at BIGINT,
        revoked_at   BIGINT
      );
      CREATE TABLE http_sessions (
        id_hash          TEXT PRIMARY KEY,
        owner            TEXT NOT NULL,
        protocol_version TEXT,
        instance         TEXT NOT NULL,
        created_at       BIGINT NOT NULL,
        last_seen_at     BIGINT NOT NULL,
        closed_at        BIGINT,
        close_reason     TEXT,
        init_params      TEXT
      );
      CREATE INDEX http_sessions_open ON http_sessions (closed_at);
      CREATE TABLE auth_failures (
        source            TEXT PRIMARY KEY,
        failures          INTEGER NOT NULL,
        window_started_at BIGINT NOT NULL,
        blocked_until     BIGINT
      );
      CREATE TABLE audit (
        id           BIGSERIAL PRIMARY KEY,
        at           BIGINT NOT NULL,
        instance     TEXT NOT NULL,
        request_id   TEXT NOT NULL,
        owner        TEXT NOT NULL,
        session_hash TEXT,
        era          TEXT NOT NULL,
        rpc_method   TEXT,
        tool         TEXT,
        status       INTEGER NOT NULL,
        duration_ms  DOUBLE PRECISION NOT NULL
      );
      CREATE INDEX audit_at ON audit (at);
      CREATE TABLE lisp_sessions (
        id            TEXT PRIMARY KEY,
        owner         TEXT NOT NULL,
        created_at    BIGINT NOT NULL,
        expires_at    BIGINT NOT NULL,
        last_used_at  BIGINT NOT NULL,
        eval_count    INTEGER NOT NULL DEFAULT 0,
        revision      INTEGER NOT NULL DEFAULT 0,
        memory_bytes  BIGINT NOT NULL DEFAULT 0,
        binding_count INTEGER NOT NULL DEFAULT 0,
        history       TEXT NOT NULL,
        closed_at     BIGINT,
        close_reason  TEXT,
        lease_holder  TEXT,
        lease_until   BIGINT
      );
      CREATE INDEX lisp_sessions_open ON lisp_sessions (closed_at, owner);
      CREATE TABLE lisp_session_bindings (
        session_id TEXT NOT NULL REFERENCES lisp_sessions (id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        value      TEXT NOT NULL,
        bytes      INTEGER NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (session_id, name)
      );
    `,
  },
  {
    version: 2,
    name: "audit: token name, outcome, bytes in and out, upstream calls and bytes",
    sql: `
      ALTER TABLE audit ADD COLUMN token_name TEXT;
      ALTER TABLE audit ADD COLUMN outcome TEXT;
      ALTER TABLE audit ADD COLUMN bytes_in BIGINT;
      ALTER TABLE audit ADD COLUMN bytes_out BIGINT;
      ALTER TABLE audit ADD COLUMN upstream_calls INTEGER;
      ALTER TABLE audit ADD COLUMN upstream_bytes BIGINT;
    `,
  },
];

/** The PostgreSQL schema version this binary writes. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

/**
 * Brings the database up to {@link PG_SCHEMA_VERSION}, one transaction per step under the
 * migration lock.
 *
 * @returns the version found before migrating
 * @throws {StoreError} `schema_too_new`; `migration_failed` (that step rolled back); `unavailable`
 */
export async function migratePostgres(pool: PgPool): Promise<number> {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ptc_schema_migrations (
       version    INTEGER PRIMARY KEY,
       name       TEXT NOT NULL,
       applied_at BIGINT NOT NULL
     )`,
  );
  let found = -1;
  for (;;) {
    const step = await pool.tx(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      const rows = await tx.query<{ v: unknown }>("SELECT coalesce(max(version), 0) AS v FROM ptc_schema_migrations");
      const current = num(rows[0]?.v ?? 0);
      if (found === -1) found = current;
      if (current > PG_SCHEMA_VERSION) {
        throw new StoreError(
          "schema_too_new",
          `the state database has schema version ${current}; this binary knows up to ${PG_SCHEMA_VERSION} (upgrade ptc-mcp, or point --store-url at another database)`,
        );
      }
      const next = PG_MIGRATIONS.find((m) => m.version === current + 1);
      if (next === undefined) return null;
      try {
        await tx.query(next.sql);
        await tx.query("INSERT INTO ptc_schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
          next.version,
          next.name,
          Date.now(),
        ]);
      } catch (e) {
        if (e instanceof StoreError) throw e;
        throw new StoreError(
          "migration_failed",
          `migration ${next.version} (${next.name}) failed: ${(e as Error).message}`,
        );
      }
      return next.version;
    });
    if (step === null) return found;
  }
}
